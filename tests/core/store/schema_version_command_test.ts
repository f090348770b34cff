// Every reader refuses an artifact in a format version this checkout does not read, in one line, and the stage that would write its id replaces it without --force.
import assert from "node:assert/strict";
import { join } from "node:path";
import { MANIFEST_NAME } from "../../../lib/core/store/manifest.ts";
import { readArtifact, UnsupportedFormat } from "../../../lib/core/store/artifact_read.ts";
import { readRunRecords } from "../../../lib/core/store/run_record.ts";
import { assertOneLineError, runStage, runStageOk } from "../../_commands.ts";
import { latest } from "../../_files.ts";
import { SMALL_RUN, smallRunRoot } from "../../_fixtures.ts";

/** Rewrites the manifest of artifact `kind`/`id` under `root` with `change`. */
async function rewriteManifest(
  root: string,
  kind: string,
  id: string,
  change: (manifest: Record<string, unknown>) => Record<string, unknown>,
): Promise<void> {
  const path = join(root, kind, id, MANIFEST_NAME);
  await Deno.writeTextFile(path, JSON.stringify(change(JSON.parse(await Deno.readTextFile(path)))));
}

const MODEL_2 = /schema model@2: format version 2 is not the supported 1; rerun 'deno task train'/;

Deno.test("diff, compare, verify, runs and readArtifact refuse a model@2 manifest in one line", async () => {
  const { root, stdout } = await smallRunRoot();
  const run = /run recorded: .*\/([^/]+)\.json/.exec(stdout)![1]!;
  const model = await latest(root, "model");
  await rewriteManifest(root, "model", model, (m) => ({ ...m, schema: "model@2" }));

  const diff = await runStage("diff", ["--artifacts", root, model, model]);
  assert.equal(diff.code, 2, diff.stdout + diff.stderr);
  assertOneLineError(diff, "diff", MODEL_2);
  const runs = await runStage("diff", ["--artifacts", root, run, run]);
  assertOneLineError(runs, "diff", MODEL_2);
  const compare = await runStage("compare", ["--artifacts", root, run]);
  assertOneLineError(compare, "compare", MODEL_2);
  const verify = await runStage("verify", ["train", "--artifacts", root, "--from", model]);
  assertOneLineError(verify, "verify", MODEL_2);
  // runs shows the run, but no numbers read from a format it does not know.
  const listing = await runStageOk("runs", ["--artifacts", root]);
  assert.match(listing.stdout, new RegExp(`model ${model} .*format model@2, not read by this checkout`));
  assert.doesNotMatch(listing.stdout, /val_loss/);
  // Any reader, whether or not it asks for a schema.
  await assert.rejects(readArtifact(join(root, "model", model), { root }), UnsupportedFormat);
});

Deno.test("a manifest of another format version is refused as such even when its shape is not this version's", async () => {
  const { root } = await smallRunRoot();
  const evaluation = await latest(root, "evaluate");
  await rewriteManifest(
    root,
    "evaluate",
    evaluation,
    ({ files: _, ...m }) => ({ ...m, schema: "evaluate@7" }),
  );
  const error = await readArtifact(join(root, "evaluate", evaluation), { root }).then(
    () => assert.fail("an evaluate@7 manifest was read"),
    (e: Error) => e,
  );
  assert.ok(error instanceof UnsupportedFormat);
  assert.match(error.message, /schema evaluate@7: format version 7 is not the supported 1/);
  assert.doesNotMatch(error.message, /corrupted/);
});

Deno.test("all replaces a model@2 artifact under the id it is about to write, without --force, and says why", async () => {
  const { root } = await smallRunRoot();
  const model = await latest(root, "model");
  const weights = await Deno.readFile(join(root, "model", model, "weights.bin"));
  await rewriteManifest(root, "model", model, (m) => ({ ...m, schema: "model@2" }));
  const run = await runStageOk("all", ["--artifacts", root, ...SMALL_RUN]);
  assert.match(
    run.stdout,
    new RegExp(
      `model ${model}: computing, because the stored model@2 artifact is a format this checkout does not read`,
    ),
  );
  assert.match(
    run.stdout,
    /recomputed; the stored artifact was in a format this checkout does not read and is replaced/,
  );
  const replaced = await readArtifact(join(root, "model", model), { root, schema: "model@1" });
  assert.deepEqual(await Deno.readFile(join(replaced.dir, "weights.bin")), weights);
  const record = (await readRunRecords(root)).at(-1)!;
  assert.equal(record.status, "ok");
  assert.deepEqual(record.stages.map((s) => [s.stage, s.outcome]), [
    ["fetch-mnist", "up to date"],
    ["train", "repaired"],
    ["export", "up to date"],
    ["evaluate", "up to date"],
  ]);
});
