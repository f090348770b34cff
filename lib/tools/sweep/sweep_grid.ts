/**
 * A sweep's grid from its command line: any flag of `deno task all` may hold a list
 * (`1,2,3`) or an integer range (`1..5`); the cells are the product of the lists, in the
 * order the flags were given, the last varying fastest. Every cell's plan is checked the
 * way `all` checks it before any cell starts.
 */
import type { FlagValues } from "../../core/cli/flags.ts";
import { planAll } from "../all/all_plan.ts";

/** A swept flag and its values. */
export interface Axis {
  flag: string;
  values: string[];
}

/** One cell: the values the grid gives it and the arguments of its `deno task all`. */
export interface GridCell {
  index: number;
  setting: Record<string, string>;
  args: string[];
}

/** The most cells a sweep runs unless --max-cells says otherwise. */
export const DEFAULT_MAX_CELLS = 1000;

const RANGE = /^(-?\d+)\.\.(-?\d+)$/;

/**
 * The values of `--flag text`: a comma list or an integer range `a..b` (a ≤ b); one value
 * otherwise. Throws a RangeError naming the flag for an empty list or item or a malformed range.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { flagValues } from "./sweep_grid.ts";
 * assert.deepEqual(flagValues("seed", "1..3"), ["1", "2", "3"]);
 * assert.deepEqual(flagValues("latent-dim", "2,8"), ["2", "8"]);
 * ```
 */
export function flagValues(flag: string, text: string): string[] {
  if (text.includes("..")) {
    const match = RANGE.exec(text.trim());
    if (match === null) {
      throw new RangeError(
        `--${flag} ${JSON.stringify(text)}: malformed range; write it as FIRST..LAST, e.g. 1..5`,
      );
    }
    const [first, last] = [Number(match[1]), Number(match[2])];
    if (first > last) {
      throw new RangeError(
        `--${flag} ${text}: the range is empty (${first} > ${last}); write it as FIRST..LAST`,
      );
    }
    if (last - first >= 100_000) throw new RangeError(`--${flag} ${text}: the range is too long`);
    return Array.from({ length: last - first + 1 }, (_, i) => String(first + i));
  }
  const values = text.split(",").map((v) => v.trim());
  if (values.some((v) => v === "")) {
    throw new RangeError(
      `--${flag} ${
        JSON.stringify(text)
      }: empty value in the list; give values separated by commas, e.g. 1,2,3`,
    );
  }
  return [...new Set(values)];
}

/**
 * The axes of parsed flags `flags` (those given as strings), in the given order; booleans
 * and single values are axes of one value.
 */
export function axesOf(flags: FlagValues): Axis[] {
  return Object.entries(flags).flatMap(([flag, value]) =>
    typeof value === "string" ? [{ flag, values: flagValues(flag, value) }] : []
  );
}

/** How many cells `axes` make. */
export function cellCount(axes: readonly Axis[]): number {
  return axes.reduce((n, axis) => n * axis.values.length, 1);
}

/**
 * The cells of `axes` (their product) plus `fixed` arguments for every cell (e.g. --force,
 * --artifacts), each checked as `deno task all` would; throws the RangeError of the first
 * cell that a stage refuses, naming its values.
 */
export function gridCells(
  axes: readonly Axis[],
  fixed: readonly string[],
  maxCells = DEFAULT_MAX_CELLS,
): GridCell[] {
  const count = cellCount(axes);
  if (count > maxCells) {
    throw new RangeError(
      `the grid has ${count} cells, more than --max-cells ${maxCells}; narrow the lists or raise --max-cells`,
    );
  }
  const cells: GridCell[] = [];
  for (let index = 0; index < count; index++) {
    const setting: Record<string, string> = {};
    let rest = index;
    for (let a = axes.length - 1; a >= 0; a--) {
      const axis = axes[a]!;
      setting[axis.flag] = axis.values[rest % axis.values.length]!;
      rest = Math.floor(rest / axis.values.length);
    }
    const ordered = Object.fromEntries(axes.map((axis) => [axis.flag, setting[axis.flag]!]));
    const args = [...Object.entries(ordered).flatMap(([flag, value]) => [`--${flag}`, value]), ...fixed];
    try {
      planAll(args, "sweep");
    } catch (e) {
      const where = Object.entries(ordered).map(([flag, value]) => `--${flag} ${value}`).join(" ");
      const message = (e as Error).message.replace(/^sweep: /, "");
      throw new RangeError(where ? `cell ${index + 1} (${where}): ${message}` : message);
    }
    cells.push({ index, setting: ordered, args });
  }
  return cells;
}
