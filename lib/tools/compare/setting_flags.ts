/**
 * A stage's params by the flag that sets them under `deno task all` (train's `seed` is
 * `--seed`, evaluate's is `--eval-seed`), and which of a setting's flags differ from their
 * defaults: what a diff names and what a suggested sweep must repeat.
 */
import { parseSchema } from "../../core/store/kinds.ts";
import { PIPELINE } from "../../stages/pipeline_order.ts";

interface FlagSpec {
  flag: string;
  default: string | number;
}

function specsOfKind(kind: string): Record<string, FlagSpec> | undefined {
  const stage = PIPELINE.find((s) => parseSchema(s.schema).kind === kind);
  return stage?.params as Record<string, FlagSpec> | undefined;
}

/**
 * The flag of param `name` of the stage that writes artifacts of `kind` (the name itself
 * when the stage or param is unknown).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { flagOfParam } from "./setting_flags.ts";
 * assert.equal(flagOfParam("evaluate", "seed"), "eval-seed");
 * assert.equal(flagOfParam("model", "latentDim"), "latent-dim");
 * ```
 */
export function flagOfParam(kind: string, name: string): string {
  return specsOfKind(kind)?.[name]?.flag ?? name;
}

/** The params of a `kind` manifest by flag name; objects as JSON, absent values left out. */
export function flagsOfParams(
  kind: string,
  params: Record<string, unknown>,
): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    const flag = flagOfParam(kind, name);
    if (typeof value === "number" || typeof value === "string") out[flag] = value;
    else if (value !== null && value !== undefined) out[flag] = JSON.stringify(value);
  }
  return out;
}

/**
 * The flags of `setting` whose values differ from the default of the stage param they set,
 * as `[flag, value]` in pipeline order (stage by stage, params in declaration order), each
 * flag once though several stages take it (`--engine` sets train's and evaluate's); flags
 * listed in `skip` and flags no stage declares are left out.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nonDefaultFlags } from "./setting_flags.ts";
 * assert.deepEqual(nonDefaultFlags({ epochs: 3, seed: 2, "batch-size": 128 }, ["seed"]), [["epochs", "3"]]);
 * assert.deepEqual(nonDefaultFlags({ engine: "native" }), [["engine", "native"]]);
 * ```
 */
export function nonDefaultFlags(
  setting: Record<string, string | number>,
  skip: readonly string[] = [],
): [string, string][] {
  const out: [string, string][] = [];
  for (const stage of PIPELINE) {
    for (const spec of Object.values(stage.params as Record<string, FlagSpec>)) {
      const value = setting[spec.flag];
      if (value === undefined || skip.includes(spec.flag) || out.some(([flag]) => flag === spec.flag)) {
        continue;
      }
      if (String(value) !== String(spec.default)) out.push([spec.flag, String(value)]);
    }
  }
  return out;
}
