/**
 * Command-line flags for the stages: node:util parseArgs in strict mode, with every
 * problem turned into one line that names the flag, what was wrong and what is valid.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

/** Option definitions as node:util parseArgs takes them. */
export type FlagOptions = NonNullable<ParseArgsConfig["options"]>;

/** Parsed flag values (strings and booleans, as parseArgs gives them). */
export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * Parses `args` against `options`, rejecting unknown flags and positionals with a
 * RangeError that lists the valid flags.
 */
export function parseFlags(args: string[], options: FlagOptions, stage: string): FlagValues {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as FlagValues;
  } catch (e) {
    const valid = Object.keys(options).map((name) => `--${name}`).join(" ");
    throw new RangeError(
      `${stage}: ${(e as Error).message.replace(/\s*\n\s*/g, " ")} (valid flags: ${valid})`,
    );
  }
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

/** The option of stages that compute on one or two threads: how, not what, so not a param. */
export interface WorkersOption {
  /** Threads: 2 puts half the work in a Web Worker (default on 2+ cores); same bytes as 1. */
  workers: 1 | 2;
}

/** The flag definition of {@link WorkersOption}, for a stage's `options`. */
export const WORKERS_FLAG = { workers: { type: "string" } } as const satisfies FlagOptions;

/** The {@link WorkersOption} given by parsed flags. */
export function workersOptionFromFlags(values: FlagValues): WorkersOption {
  return { workers: workersFlag(values) };
}

/**
 * Reads `--workers`, the threads a stage computes on: 1 or 2, by default 2 on a machine
 * with two or more cores. It says how, not what: results are the same bytes either way.
 */
export function workersFlag(values: FlagValues): 1 | 2 {
  const cores = navigator.hardwareConcurrency;
  return numberFlag(values, "workers", { default: cores >= 2 ? 2 : 1, min: 1, max: 2, integer: true }) as
    | 1
    | 2;
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
