// A stage run alone: params are read from its flags once, complete, with defaults (evaluate alone takes --seed), and a bad flag is refused before anything is read.
import assert from "node:assert/strict";
import { runStageWithArgs } from "../../../lib/core/cli/stage_command.ts";
import { evaluateStage } from "../../../lib/stages/evaluate/evaluate_stage.ts";
import { trainStage } from "../../../lib/stages/train/train_stage.ts";

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
