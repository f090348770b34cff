/** A finished sweep of 2 latent sizes × 3 training seeds of a small run, built once per test process. */
import { runStageOk } from "./_commands.ts";
import { smallMnist } from "./_fixtures.ts";
import { tempDir } from "./_files.ts";

/** The grid: the small run of tests/_fixtures.ts' SMALL_GRID, seeds 1, 2 and 3. */
export const THREE_SEED_GRID = [
  ...["--limit-train", "300", "--limit-test", "60", "--epochs", "1", "--hidden-dim", "32"],
  ...["--passes", "3", "--workers", "1", "--latent-dim", "2,4", "--seed", "1,2,3"],
];

let built: Promise<{ root: string; sweepId: string }> | undefined;

/** The root holding the sweep and its id; callers must not change it. */
export function threeSeedSweep(): Promise<{ root: string; sweepId: string }> {
  built ??= (async () => {
    const root = await tempDir();
    await smallMnist(root, 300, 60);
    const { stdout } = await runStageOk("sweep", ["--artifacts", root, ...THREE_SEED_GRID]);
    return { root, sweepId: /^sweep ([0-9a-f]{16}):/m.exec(stdout)![1]! };
  })();
  return built;
}
