/**
 * The sweep that would measure a configuration's training-seed spread: `deno task sweep`
 * over three or more training seeds (the sides' own seeds among them, so their runs are
 * reused), with every flag of the setting that differs from its default, seeds aside.
 */
import { SEED_FLAGS } from "../compare/measured_run.ts";
import { nonDefaultFlags } from "../compare/setting_flags.ts";
import { resolve } from "node:path";
import { DEFAULT_ARTIFACTS_ROOT } from "../store/artifact_store.ts";

/** How many training seeds a suggested sweep runs at least. */
export const SUGGESTED_SEEDS = 3;

/**
 * The seeds to sweep: `own` (the sides' training seeds) and the smallest others from 1 up to
 * {@link SUGGESTED_SEEDS} in all, ascending.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sweepSeeds } from "./sweep_command.ts";
 * assert.deepEqual(sweepSeeds([1, 2]), [1, 2, 3]);
 * assert.deepEqual(sweepSeeds([3, 4]), [1, 3, 4]);
 * ```
 */
export function sweepSeeds(own: readonly number[]): number[] {
  const seeds = new Set(own);
  for (let seed = 1; seeds.size < SUGGESTED_SEEDS; seed++) seeds.add(seed);
  return [...seeds].sort((x, y) => x - y);
}

/**
 * The sweep command for the configuration of `setting` (by flag), over `seeds`, on artifact
 * root `root` (named unless it is the default).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sweepCommand } from "./sweep_command.ts";
 * assert.equal(
 *   sweepCommand({ "limit-train": 300, epochs: 50, seed: 2, "eval-seed": 5 }, [1, 2, 3]),
 *   "deno task sweep --seed 1,2,3 --limit-train 300",
 * );
 * ```
 */
export function sweepCommand(
  setting: Record<string, string | number>,
  seeds: readonly number[],
  root: string = DEFAULT_ARTIFACTS_ROOT,
): string {
  const flags = nonDefaultFlags(setting, SEED_FLAGS).map(([flag, value]) => `--${flag} ${value}`);
  const where = resolve(root) === resolve(DEFAULT_ARTIFACTS_ROOT) ? [] : [`--artifacts ${root}`];
  return ["deno task sweep", `--seed ${seeds.join(",")}`, ...flags, ...where].join(" ");
}
