/**
 * The sweep that would measure a configuration's training-seed spread: `deno task sweep`
 * over three training seeds besides the sides' own (which a diff leaves out of the spread;
 * they are swept too, so that their runs are reused and the sweep holds the configuration
 * whole), with every flag of the setting that differs from its default, seeds aside, once.
 */
import { SEED_FLAGS } from "../compare/measured_run.ts";
import { nonDefaultFlags } from "../compare/setting_flags.ts";
import { resolve } from "node:path";
import { DEFAULT_ARTIFACTS_ROOT } from "../../core/store/artifact_read.ts";

/** How many training seeds besides the sides' own a suggested sweep runs. */
export const SUGGESTED_OTHER_SEEDS = 3;

/**
 * The seeds to sweep: `own` (the sides' training seeds) and the {@link SUGGESTED_OTHER_SEEDS}
 * smallest others from 1, ascending.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sweepSeeds } from "./sweep_command.ts";
 * assert.deepEqual(sweepSeeds([1, 2]), [1, 2, 3, 4, 5]);
 * assert.deepEqual(sweepSeeds([3]), [1, 2, 3, 4]);
 * ```
 */
export function sweepSeeds(own: readonly number[]): number[] {
  const seeds = new Set(own);
  for (let seed = 1; seeds.size < new Set(own).size + SUGGESTED_OTHER_SEEDS; seed++) seeds.add(seed);
  return [...seeds].sort((x, y) => x - y);
}

/**
 * The sweep command for the configuration of `setting` (by flag), over `seeds`, on artifact
 * root `root` (named unless it is the default); a value that is not a plain word is
 * single-quoted for the shell, so the command runs as printed.
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
  // Quoted for a POSIX shell where needed (a root with a space, a JSON-valued param), so that
  // the command runs as printed; plain words stay bare to read well.
  const quote = (word: string) =>
    /^[A-Za-z0-9_\/.,:=+@%-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
  const flags = nonDefaultFlags(setting, SEED_FLAGS).map(([flag, value]) =>
    `--${flag} ${quote(String(value))}`
  );
  const where = resolve(root) === resolve(DEFAULT_ARTIFACTS_ROOT) ? [] : [`--artifacts ${quote(root)}`];
  return ["deno task sweep", `--seed ${seeds.join(",")}`, ...flags, ...where].join(" ");
}
