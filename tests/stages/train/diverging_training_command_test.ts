/** A training whose loss or weights stop being finite numbers stops there, in one line, and stores no model. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { readRunRecords } from "../../../lib/core/store/run_record.ts";
import { artifactIds, listDir, tempDir } from "../../_files.ts";
import { assertOneLineError, runProcess, runStage, type StageRun } from "../../_commands.ts";
import { SMALL_RUN, smallMnist } from "../../_fixtures.ts";

/** A tiny model at --lr 10: its loss is NaN at the second of ten steps of 32 images (300 images). */
const DIVERGING = [
  "--epochs",
  "3",
  "--hidden-dim",
  "32",
  "--latent-dim",
  "4",
  "--batch-size",
  "32",
  "--lr",
  "10",
];
const AT_STEP_2 =
  /^train: error: training diverged at epoch 1, step 2 of 10: the loss is NaN \(reconstruction NaN, KL Infinity\) with --lr 10; no model was stored: train again with a lower --lr \(e\.g\. --lr 1\)$/;

/** Asserts that `run` failed with `pattern`, left no model and no checkpoint, and recorded the failure. */
async function assertStoppedWithoutModel(run: StageRun, root: string, pattern: RegExp): Promise<void> {
  assertOneLineError(run, "train", pattern);
  assert.equal(run.code, 1);
  assert.doesNotMatch(run.stdout, /written|epoch 1\/3/, "nothing is reported as trained or written");
  // The progress output ends with a line of its own (on a terminal it ends the live line).
  assert.match(run.stdout, /\ntraining stopped\n$/);
  assert.deepEqual(await artifactIds(root, "model"), []);
  assert.deepEqual(
    await listDir(join(root, "model", ".checkpoints")).then(async (ids) => {
      const files = await Promise.all(ids.map((id) => listDir(join(root, "model", ".checkpoints", id))));
      return files.flat();
    }),
    [],
    "no checkpoint of a diverged state",
  );
  const records = await readRunRecords(root);
  assert.equal(records.length, 1);
  assert.equal(records[0]!.status, "failed");
  assert.equal(records[0]!.error, run.stderr.trim());
  assert.deepEqual(records[0]!.stages, []);
}

for (const workers of ["1", "2"]) {
  Deno.test(`train --workers ${workers} stops at the first NaN loss, names epoch and step, and stores no model`, async () => {
    const root = await tempDir();
    await smallMnist(root);
    const run = await runStage("train", ["--artifacts", root, ...DIVERGING, "--workers", workers]);
    await assertStoppedWithoutModel(run, root, AT_STEP_2);
  });
}

Deno.test("train --engine native stops at the first NaN loss, names epoch and step, and stores no model", async () => {
  const root = await tempDir();
  await smallMnist(root);
  // Its own process: OpenBLAS' thread count is process-wide (tests/core/native/native_engine_command_test.ts).
  const run = await runProcess("train", ["--artifacts", root, ...DIVERGING, "--engine", "native"]);
  // OpenBLAS' kernels differ by CPU: the step and the values may too, not the stop.
  await assertStoppedWithoutModel(
    run,
    root,
    /^train: error: training diverged at epoch 1, step \d+ of 10: the loss is (NaN|-?Infinity) .*with --lr 10; no model was stored: train again with a lower --lr \(e\.g\. --lr 1\)$/,
  );
});

Deno.test("train stops after an epoch whose losses stayed finite but whose optimizer state did not", async () => {
  const root = await tempDir();
  await smallMnist(root);
  // Three steps of finite (if huge) losses; the third leaves Infinity in Adam's second moment
  // (a squared gradient beyond float32), which the old code stored as a model with losses of 1e21.
  const run = await runStage("train", [
    "--artifacts",
    root,
    ...["--epochs", "3", "--hidden-dim", "32", "--latent-dim", "4", "--lr", "0.25", "--workers", "1"],
  ]);
  await assertStoppedWithoutModel(
    run,
    root,
    /^train: error: training diverged after epoch 1 \(step 3 of 3\): adam_[mv]\/\S+ holds (NaN|-?Infinity) with --lr 0\.25; .*--lr 0\.025\)$/,
  );
});

Deno.test("all with a diverging learning rate stops at train: no model, no export, no evaluation", async () => {
  const root = await tempDir();
  const run = await runStage("all", ["--artifacts", root, ...SMALL_RUN, "--lr", "10"]);
  assert.equal(run.code, 1);
  assert.match(
    run.stderr.trim(),
    /^all: error: training diverged at epoch 1, step \d+ of 3: the loss is NaN/,
  );
  assert.equal(run.stderr.trim().split("\n").length, 1);
  for (const kind of ["model", "export", "evaluate"]) {
    assert.deepEqual(await artifactIds(root, kind), [], kind);
  }
  const [record] = await readRunRecords(root);
  assert.equal(record!.status, "failed");
  assert.deepEqual(record!.stages.map((s) => s.stage), ["fetch-mnist"]);
});
