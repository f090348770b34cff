/**
 * The flags part of `--help`: every flag a command accepts, taken from the same declarations
 * its parser reads (a stage's params with their defaults and ranges, the option objects given
 * to parseArgs), with a note on what each is for. A flag the parser accepts cannot be missing
 * from the list, and one it does not accept cannot appear.
 */
import type { FlagOptions } from "./flags.ts";
import type { ParamSpecs } from "./params.ts";

/** What --help says about one flag besides its name. */
export interface FlagNote {
  /** What the flag is for, in a few words. */
  about: string;
  /** The value's placeholder (N, DIR, …); absent for a boolean flag. */
  value?: string;
  /** Its default, as the user would type it (or a sentence such as "2 on 2+ cores"). */
  default?: string;
  /** The values it accepts: a range ("1..100000") or a choice ("wasm|native"). */
  range?: string;
}

/** One flag as --help lists it. */
export interface FlagLine extends FlagNote {
  /** Its name, without the dashes. */
  flag: string;
}

/** The flags of one stage or one concern, under a title. */
export interface FlagGroup {
  title: string;
  flags: FlagLine[];
}

type AnySpec =
  & { flag: string; default: number | string; aloneAlias?: string }
  & (
    | { min: number; max: number; integer: boolean }
    | { choices: readonly string[] }
  );

function rangeOf(spec: AnySpec): string {
  if ("choices" in spec) return spec.choices.join("|");
  if (spec.min === Number.MIN_VALUE) return `a number > 0, at most ${spec.max}`;
  return `${spec.integer ? "an integer" : "a number"} in ${spec.min}..${spec.max}`;
}

/**
 * The lines of a stage's params: each flag with its default and range from `specs`, and its
 * note from `notes`; `alone` adds the aliases a stage takes when run alone.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { paramLines } from "./flag_help.ts";
 * import type { ParamSpecs } from "./params.ts";
 * const specs: ParamSpecs<{ epochs: number }> = { epochs: { flag: "epochs", default: 50, min: 1, max: 1000, integer: true } };
 * assert.deepEqual(paramLines(specs, { epochs: { about: "passes over the data" } }), [
 *   { flag: "epochs", value: "N", default: "50", range: "an integer in 1..1000", about: "passes over the data" },
 * ]);
 * ```
 */
export function paramLines<P>(
  specs: ParamSpecs<P>,
  notes: Readonly<Record<string, FlagNote>>,
  alone = false,
): FlagLine[] {
  const lines: FlagLine[] = [];
  for (const spec of Object.values(specs) as AnySpec[]) {
    const line = {
      value: "choices" in spec ? spec.choices.join("|") : "N",
      default: String(spec.default),
      range: rangeOf(spec),
    };
    lines.push({ flag: spec.flag, ...line, about: notes[spec.flag]?.about ?? "" });
    if (alone && spec.aloneAlias !== undefined) {
      lines.push({ flag: spec.aloneAlias, ...line, about: `the same as --${spec.flag}` });
    }
  }
  return lines;
}

/**
 * The lines of option flags `options` (as given to parseArgs), each described by its note in
 * `notes` (the default parseArgs fills in, when the note gives none); one with no note is
 * listed with an empty description (a test looks for those).
 */
export function optionLines(options: FlagOptions, notes: Readonly<Record<string, FlagNote>>): FlagLine[] {
  return Object.entries(options).map(([flag, option]) => {
    const note = notes[flag] ?? { about: "" };
    const fallback = option.default === undefined ? {} : { default: String(option.default) };
    return {
      flag,
      ...fallback,
      ...note,
      ...(option.type === "boolean" ? { value: undefined } : { value: note.value ?? "VALUE" }),
      ...(option.multiple ? { about: `${note.about}, repeatable` } : {}),
    };
  });
}

/**
 * `groups` as --help prints them: a heading per group, one line per flag with its value,
 * default and range.
 *
 * @example
 * ```ts
 * import { flagGroupsText } from "./flag_help.ts";
 * flagGroupsText([{ title: "train", flags: [{ flag: "epochs", value: "N", default: "50", about: "passes" }] }]);
 * // "Flags:\n  train:\n    --epochs N  passes (default 50)"
 * ```
 */
export function flagGroupsText(groups: FlagGroup[]): string {
  const out = ["Flags:"];
  for (const group of groups) {
    out.push(`  ${group.title}:`);
    if (group.flags.length === 0) out.push("    (no flags of its own)");
    for (const line of group.flags) {
      const name = `--${line.flag}${line.value === undefined ? "" : ` ${line.value}`}`;
      const facts = [
        line.default === undefined ? "" : `default ${line.default}`,
        line.range === undefined || line.range === line.value ? "" : line.range,
      ].filter((fact) => fact !== "").join("; ");
      out.push(`    ${name}  ${line.about}${facts === "" ? "" : ` (${facts})`}`);
    }
  }
  return out.join("\n");
}

/** Every flag name in `groups`, without dashes: what the command accepts. */
export function flagNames(groups: FlagGroup[]): Set<string> {
  return new Set(groups.flatMap((group) => group.flags.map((line) => line.flag)));
}
