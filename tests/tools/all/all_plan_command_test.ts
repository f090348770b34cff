// planIsUpToDate() says whether `all` would compute anything, writing nothing but the hash cache.
import assert from "node:assert/strict";
import { join } from "node:path";
import { firstArtifactToCompute, planAll, planIsUpToDate } from "../../../lib/tools/all/all_plan.ts";
import { listTree } from "../../_files.ts";
import { SMALL_GRID, sweptRoot } from "../../_fixtures.ts";
import { withFlag } from "../../core/cli/_flag_lists.ts";

/** SMALL_GRID's flags with one value each: one cell of the swept fixture. */
function cell(latent: string, seed: string): string[] {
  return SMALL_GRID.map((arg) => arg === "2,4" ? latent : arg === "1,2" ? seed : arg);
}

Deno.test("planIsUpToDate() says whether a plan would compute anything, and writes nothing but the hash cache", async () => {
  const { root } = await sweptRoot();
  // Only the cache of verified file hashes may appear: reading an artifact verifies it.
  const tree = async () => (await listTree(root)).filter((path) => path !== ".verified.json");
  const before = await tree();
  const latest = await Deno.readTextFile(join(root, "model", "LATEST"));
  assert.equal(await planIsUpToDate(planAll([...cell("2", "1"), "--artifacts", root])), true);
  assert.equal(await planIsUpToDate(planAll([...cell("4", "2"), "--artifacts", root])), true);
  assert.equal(
    await planIsUpToDate(planAll([...cell("2", "3"), "--artifacts", root])),
    false,
    "seed 3 never trained",
  );
  assert.equal(
    await planIsUpToDate(planAll([...withFlag(cell("2", "1"), "passes", "4"), "--artifacts", root])),
    false,
  );
  assert.equal(await planIsUpToDate(planAll([...cell("2", "1"), "--force", "--artifacts", root])), false);
  const seed3 = await firstArtifactToCompute(planAll([...cell("2", "3"), "--artifacts", root]));
  assert.equal(seed3?.kind, "model");
  assert.match(seed3?.id ?? "", /^[0-9a-f]{16}$/);
  assert.deepEqual(await tree(), before);
  assert.equal(await Deno.readTextFile(join(root, "model", "LATEST")), latest);
});
