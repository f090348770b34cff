// The stage runner: every pipeline flag has one owner (only --workers and --engine shared by train and evaluate), params are read once with defaults, a bad flag is refused before anything is read, and runRecorded() hands each stage the id its predecessor made, never LATEST.
import assert from "node:assert/strict";
import type { AnyStage } from "../../../lib/core/cli/stage.ts";
import { flagOwners } from "../../../lib/core/cli/stage_flags.ts";
import { runRecorded } from "../../../lib/core/cli/run_recorded.ts";
import { runStageWithArgs } from "../../../lib/core/cli/stage_command.ts";
import { PIPELINE } from "../../../lib/stages/pipeline_order.ts";
import { evaluateStage } from "../../../lib/stages/evaluate/evaluate_stage.ts";
import { trainStage } from "../../../lib/stages/train/train_stage.ts";

function ownersOf(flag: string): string[] {
  return (flagOwners(PIPELINE).get(flag) ?? []).map((stage) => stage.name);
}

Deno.test("every flag of the pipeline has one owner under all, except --workers and --engine, which train and evaluate share", () => {
  const owners = flagOwners(PIPELINE);
  for (const [flag, stages] of owners) {
    if (flag !== "workers" && flag !== "engine") {
      assert.equal(
        stages.length,
        1,
        `--${flag}: ${stages.map((s) => s.name)}`,
      );
    }
  }
  assert.deepEqual(ownersOf("workers"), ["train", "evaluate"]);
  assert.deepEqual(ownersOf("engine"), ["train", "evaluate"]);
  assert.deepEqual(ownersOf("seed"), ["train"]);
  assert.deepEqual(ownersOf("eval-seed"), ["evaluate"]);
  assert.deepEqual(ownersOf("passes"), ["evaluate"]);
  assert.deepEqual(ownersOf("limit-train"), ["fetch-mnist"]);
});

Deno.test("flagOwners() refuses two stages that claim one flag", () => {
  const twin: AnyStage = { ...evaluateStage, name: "twin", params: { seed: trainStage.params.seed } };
  assert.throws(() => flagOwners([trainStage, twin]), /--seed is claimed by both train and twin/);
  const sharer: AnyStage = {
    ...evaluateStage,
    name: "sharer",
    params: {},
    options: { workers: { type: "string" } },
  };
  assert.doesNotThrow(() => flagOwners([trainStage, sharer]));
});

Deno.test("params are read from flags once, complete, with defaults: evaluate alone takes --seed for --eval-seed", () => {
  assert.deepEqual(trainStage.paramsFromFlags({ epochs: "3" }), {
    epochs: 3,
    batchSize: 128,
    latentDim: 32,
    hiddenDim: 512,
    lr: 0.001,
    seed: 1,
    backend: "wasm",
    engine: "wasm",
  });
  assert.deepEqual(evaluateStage.paramsFromFlags({ seed: "7" }), {
    passes: 100,
    seed: 7,
    images: 10000,
    engine: "wasm",
  });
  assert.deepEqual(evaluateStage.paramsFromFlags({ "eval-seed": "8", engine: "native" }), {
    passes: 100,
    seed: 8,
    images: 10000,
    engine: "native",
  });
  // Both names of one param: refused, not one of them silently kept.
  assert.throws(
    () => evaluateStage.paramsFromFlags({ "eval-seed": "8", seed: "7" }),
    /--seed and --eval-seed both set seed: give one of them/,
  );
});

Deno.test("a stage run alone refuses a bad flag before reading anything", async () => {
  await assert.rejects(
    runStageWithArgs(trainStage, ["--artifacts", "/nonexistent/root", "--epochs", "0"]),
    (e: Error) => e instanceof RangeError && /--epochs 0: out of range/.test(e.message),
  );
  // Under all, --seed is train's: evaluate alone is the only place it means the evaluation's.
  await assert.rejects(
    runStageWithArgs(evaluateStage, ["--artifacts", "/nonexistent/root", "--seed", "x"]),
    /--seed "x": expected an integer/,
  );
});

Deno.test("runRecorded() hands each stage after the first the id of what the stage before it made, never LATEST", async () => {
  const root = await Deno.makeTempDir();
  const seen: (string | undefined)[] = [];
  const fake = (name: string, id: string): AnyStage => ({
    ...evaluateStage,
    name,
    run: (_params, context) => {
      seen.push(context.from);
      return Promise.resolve({
        dir: root,
        manifest: { kind: "evaluate", id, params: {}, inputs: [] },
        outcome: "up to date",
        reasons: [],
      } as never);
    },
  });
  const plan = [
    fake("one", "1111111111111111"),
    fake("two", "2222222222222222"),
    fake("three", "3333333333333333"),
  ]
    .map((stage) => ({ stage, params: {}, options: {} }));
  const log = console.log;
  console.log = () => {};
  try {
    await runRecorded("all", plan, { root, force: false }, [], new Date());
  } finally {
    console.log = log;
    await Deno.remove(root, { recursive: true });
  }
  assert.deepEqual(seen, [undefined, "1111111111111111", "2222222222222222"]);
});
