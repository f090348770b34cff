/**
 * Which changed numbers of a JSON file a summarised diff shows. A per-epoch file (an array
 * of rows, history.json) shows its final row (epoch) only. In other files, a family of numbers
 * indexed by digit, latent dimension or the like (`perClass.3.negElbo`, `latent.klPerDim.7`)
 * shows its 3 largest relative changes; every other number shows. `--all` shows every one.
 */
import type { FileDiff } from "./file_diff.ts";

/** One changed number. */
export type NumberChange = NonNullable<FileDiff["numbers"]>[number];

/** A shown number, or a line saying what was left out. */
export type SummaryItem = { change: NumberChange } | { note: string };

/** How many of an indexed family's changes are shown. */
export const LARGEST_SHOWN = 3;

const isIndex = (segment: string) => /^\d+$/.test(segment);

/**
 * The summary of `numbers` (a file's changed numbers, in file order).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { summariseNumbers } from "./number_summary.ts";
 * const n = (key: string, a: number, b: number) => ({ key, a, b, delta: b - a, relative: (b - a) / a });
 * const history = summariseNumbers([n("0.valLoss", 9, 8), n("1.valLoss", 7, 6)]);
 * assert.deepEqual(history.map((i) => "change" in i ? i.change.key : i.note), [
 *   "final epoch only; 1 more changed number in earlier epochs: --all",
 *   "1.valLoss",
 * ]);
 * ```
 */
export function summariseNumbers(numbers: readonly NumberChange[]): SummaryItem[] {
  if (numbers.length === 0) return [];
  const rows = numbers.map((n) => n.key.split(".")[0]!);
  if (rows.every(isIndex)) {
    const last = String(Math.max(...rows.map(Number)));
    const shown = numbers.filter((n) => n.key.split(".")[0] === last);
    const earlier = numbers.length - shown.length;
    const items: SummaryItem[] = shown.map((change) => ({ change }));
    if (earlier === 0) return items;
    const more = `${earlier} more changed number${earlier === 1 ? "" : "s"} in earlier epochs: --all`;
    return [{ note: `final epoch only; ${more}` }, ...items];
  }
  const familyOf = (key: string): string | undefined => {
    const segments = key.split(".");
    const at = segments.findIndex(isIndex);
    return at <= 0 ? undefined : segments.slice(0, at).join(".");
  };
  const families = new Map<string, NumberChange[]>();
  for (const n of numbers) {
    const family = familyOf(n.key);
    if (family !== undefined) families.set(family, [...(families.get(family) ?? []), n]);
  }
  const size = (n: NumberChange) => Number.isFinite(n.relative) ? Math.abs(n.relative) : Infinity;
  const items: SummaryItem[] = [];
  const done = new Set<string>();
  for (const n of numbers) {
    const family = familyOf(n.key);
    if (family === undefined) {
      items.push({ change: n });
      continue;
    }
    if (done.has(family)) continue;
    done.add(family);
    const members = families.get(family)!;
    if (members.length <= LARGEST_SHOWN) {
      items.push(...members.map((change) => ({ change })));
      continue;
    }
    items.push({
      note:
        `${family}.*: ${members.length} changed; the ${LARGEST_SHOWN} largest relative changes, all: --all`,
    });
    const largest = [...members].sort((x, y) => size(y) - size(x)).slice(0, LARGEST_SHOWN);
    items.push(...largest.map((change) => ({ change })));
  }
  return items;
}
