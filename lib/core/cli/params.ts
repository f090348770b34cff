/**
 * A stage's parameters declared once, as a table of specs (flag, default, valid values),
 * from which come its flag definitions, its params read from flags (every flag validated,
 * defaults filled in) and its params read back from a stored manifest (same checks, exact
 * keys). Everything below the edge receives a complete, checked object.
 */
import { choiceFlag, type FlagOptions, type FlagValues, numberFlag } from "./flags.ts";

/** A numeric parameter. */
export interface NumberParam {
  /** Its flag, without the dashes. */
  flag: string;
  default: number;
  min: number;
  max: number;
  integer: boolean;
  /** Another name the flag has when the stage runs alone (evaluate's --seed for --eval-seed). */
  aloneAlias?: string;
}

/** A parameter whose value is one of a few names. */
export interface ChoiceParam<T extends string> {
  flag: string;
  default: T;
  choices: readonly T[];
  aloneAlias?: string;
  /**
   * For a param added after artifacts were already recorded: the value those records, which
   * lack it, were made with (train's and evaluate's --engine: "wasm").
   */
  absentInOlderRecords?: T;
}

/** The spec of every parameter of `P`, keyed like `P`. */
export type ParamSpecs<P> = {
  [K in keyof P]: P[K] extends number ? NumberParam : P[K] extends string ? ChoiceParam<P[K]> : never;
};

type AnySpec = NumberParam | ChoiceParam<string>;

function entries<P>(specs: ParamSpecs<P>): [string, AnySpec][] {
  return Object.entries(specs) as [string, AnySpec][];
}

/** The flag definitions of `specs`, for parseFlags; `alone` adds the aliases. */
export function paramFlags<P>(specs: ParamSpecs<P>, alone = false): FlagOptions {
  const options: FlagOptions = {};
  for (const [, spec] of entries(specs)) {
    options[spec.flag] = { type: "string" };
    if (alone && spec.aloneAlias) options[spec.aloneAlias] = { type: "string" };
  }
  return options;
}

/**
 * The params given by parsed `flags`: each flag validated, absent ones at their default.
 * Throws a RangeError naming the flag, the value and what is valid, or the two names of one
 * param when both are given.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { paramsFromFlags, type ParamSpecs } from "./params.ts";
 * const specs: ParamSpecs<{ epochs: number }> = { epochs: { flag: "epochs", default: 50, min: 1, max: 1000, integer: true } };
 * assert.deepEqual(paramsFromFlags(specs, { epochs: "5" }), { epochs: 5 });
 * assert.deepEqual(paramsFromFlags(specs, {}), { epochs: 50 });
 * assert.throws(() => paramsFromFlags(specs, { epochs: "0" }), /--epochs 0: out of range/);
 * ```
 */
export function paramsFromFlags<P>(specs: ParamSpecs<P>, flags: FlagValues): P {
  const params: Record<string, unknown> = {};
  for (const [key, spec] of entries(specs)) {
    // Two names for one param, both given: which one wins would be a silent choice.
    if (
      spec.aloneAlias !== undefined && flags[spec.flag] !== undefined && flags[spec.aloneAlias] !== undefined
    ) {
      throw new RangeError(
        `--${spec.aloneAlias} and --${spec.flag} both set ${key}: give one of them`,
      );
    }
    const name = flags[spec.flag] === undefined && spec.aloneAlias !== undefined &&
        flags[spec.aloneAlias] !== undefined
      ? spec.aloneAlias
      : spec.flag;
    params[key] = "choices" in spec
      ? choiceFlag(flags, name, spec.choices, spec.default)
      : numberFlag(flags, name, spec);
  }
  return params as P;
}

/**
 * The params recorded in a manifest (`where` names it in errors): exactly the keys of
 * `specs`, each of the right type and in range. Throws a SyntaxError naming the param.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { paramsFromRecord, type ParamSpecs } from "./params.ts";
 * const specs: ParamSpecs<{ hiddenDim: number }> = { hiddenDim: { flag: "hidden-dim", default: 512, min: 1, max: 65536, integer: true } };
 * assert.deepEqual(paramsFromRecord(specs, { hiddenDim: 64 }, "m.json"), { hiddenDim: 64 });
 * assert.throws(() => paramsFromRecord(specs, { hiddenDim: "512" }, "m.json"), /m.json: param hiddenDim "512"/);
 * ```
 */
export function paramsFromRecord<P>(specs: ParamSpecs<P>, record: unknown, where: string): P {
  if (record === null || typeof record !== "object" || Array.isArray(record)) {
    throw new SyntaxError(`${where}: params ${JSON.stringify(record)} is not an object`);
  }
  const given = record as Record<string, unknown>;
  const known = entries(specs);
  const unknown = Object.keys(given).filter((key) => !(key in specs));
  if (unknown.length > 0) {
    throw new SyntaxError(
      `${where}: unknown param ${unknown.join(", ")} (expected ${
        known.map(([k]) => k).join(", ") || "none"
      })`,
    );
  }
  const params: Record<string, unknown> = {};
  for (const [key, spec] of known) {
    const value = given[key] === undefined && "choices" in spec && spec.absentInOlderRecords !== undefined
      ? spec.absentInOlderRecords
      : given[key];
    const bad = (expected: string) =>
      new SyntaxError(`${where}: param ${key} ${JSON.stringify(value) ?? "missing"}: expected ${expected}`);
    if ("choices" in spec) {
      if (typeof value !== "string" || !spec.choices.includes(value)) {
        throw bad(`one of ${spec.choices.join(", ")}`);
      }
    } else {
      const expected = `${spec.integer ? "an integer" : "a number"} in ${spec.min}..${spec.max}`;
      if (
        typeof value !== "number" || !Number.isFinite(value) || (spec.integer && !Number.isInteger(value)) ||
        value < spec.min || value > spec.max
      ) throw bad(expected);
    }
    params[key] = value;
  }
  return params as P;
}
