/**
 * Command-line flags of every command, read generically: node:util parseArgs in strict mode, with every
 * problem turned into one line that names the flag, what was wrong and what is valid.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

/** Option definitions as node:util parseArgs takes them. */
export type FlagOptions = NonNullable<ParseArgsConfig["options"]>;

/** Parsed flag values (strings and booleans, as parseArgs gives them). */
export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * Parses `args` against `options`, rejecting unknown flags and positionals with a
 * RangeError that lists the valid flags, and a flag given twice (see {@link parseCommandLine}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseFlags } from "./flags.ts";
 * const options = { seed: { type: "string" } } as const;
 * assert.equal(parseFlags(["--seed", "3"], options, "train").seed, "3");
 * assert.throws(() => parseFlags(["--seed=1,2", "--seed", "3"], options, "train"), /--seed given twice/);
 * ```
 */
export function parseFlags(args: string[], options: FlagOptions, stage: string): FlagValues {
  return parseCommandLine(args, options, stage).values;
}

/** Flags and positional arguments of a command line. */
export interface CommandLine {
  values: FlagValues;
  positionals: string[];
}

/**
 * Parses `args` against `options` (node:util parseArgs, strict) for command `command`; with
 * `positionals`, arguments that are not flags are allowed and returned. Every problem is a
 * RangeError of one line naming the flag: an unknown flag (with the valid ones), a missing
 * value, and a flag given more than once. parseArgs alone keeps the last of `--seed=1,2
 * --seed 3` without a word; here only a flag declared `multiple` (fetch-mnist's --mirror)
 * may be repeated.
 */
export function parseCommandLine(
  args: string[],
  options: FlagOptions,
  command: string,
  positionals = false,
): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: positionals, tokens: true });
  } catch (e) {
    const valid = Object.keys(options).map((name) => `--${name}`).join(" ");
    throw new RangeError(
      `${command}: ${(e as Error).message.replace(/\s*\n\s*/g, " ")} (valid flags: ${valid})`,
    );
  }
  const given = new Map<string, string[]>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== "option" || options[token.name]?.multiple === true) continue;
    const use = token.value === undefined ? token.rawName : `${token.rawName} ${JSON.stringify(token.value)}`;
    given.set(token.name, [...given.get(token.name) ?? [], use]);
  }
  for (const [name, uses] of given) {
    if (uses.length < 2) continue;
    const times = uses.length === 2 ? "twice" : `${uses.length} times`;
    throw new RangeError(
      `${command}: --${name} given ${times} (${uses.join(" and ")}); give each flag once`,
    );
  }
  return { values: parsed.values as FlagValues, positionals: parsed.positionals };
}

/** Bounds and default for a numeric flag. */
export interface NumberFlagSpec {
  default: number;
  min?: number;
  max?: number;
  integer?: boolean;
}

/**
 * Reads the numeric flag `name`, or its default when absent. Throws a RangeError naming the
 * flag, the value given and the valid range when it is not a number in range.
 *
 * @example
 * ```ts
 * import { numberFlag } from "./flags.ts";
 * numberFlag({ epochs: "5" }, "epochs", { default: 50, min: 1, integer: true }); // 5
 * ```
 */
export function numberFlag(values: FlagValues, name: string, spec: NumberFlagSpec): number {
  const raw = values[name];
  if (raw === undefined) return spec.default;
  const text = String(raw).trim();
  const value = Number(text);
  const kind = spec.integer ? "an integer" : "a number";
  const range = `${spec.min ?? "-∞"}..${spec.max ?? "∞"}`;
  if (text === "" || !Number.isFinite(value) || (spec.integer && !Number.isInteger(value))) {
    throw new RangeError(`--${name} ${JSON.stringify(raw)}: expected ${kind} in ${range}`);
  }
  if (
    (spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)
  ) {
    throw new RangeError(`--${name} ${text}: out of range, expected ${kind} in ${range}`);
  }
  return value;
}

/** Reads a flag whose value must be one of `choices`, or `fallback` when absent. */
export function choiceFlag<T extends string>(
  values: FlagValues,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = values[name];
  if (raw === undefined) return fallback;
  if (!choices.includes(raw as T)) {
    throw new RangeError(`--${name} ${JSON.stringify(raw)}: expected one of ${choices.join(", ")}`);
  }
  return raw as T;
}

/** Reads an optional string flag. */
export function stringFlag(values: FlagValues, name: string): string | undefined {
  const raw = values[name];
  return raw === undefined ? undefined : String(raw);
}
