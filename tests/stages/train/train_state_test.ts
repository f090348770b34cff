// The training state's two shards cover every weight once, and updating them in two states and swapping equals updating everything at once.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../../../lib/core/runtime/backend.ts";
import { TRAIN_WEIGHTS } from "../../../lib/stages/train/train_layout.ts";
import { replaceShard, shardArrays, SHARDS } from "../../../lib/stages/train/shards.ts";
import { stateToArrays } from "../../../lib/stages/train/state_snapshot.ts";
import { applyToState, combineHalves } from "../../../lib/stages/train/state_update.ts";
import { halfStep, initialState } from "../../../lib/stages/train/train_state.ts";

await useBackend("wasm");
const config = { hiddenDim: 16, latentDim: 3, lr: 1e-3, seed: 5, engine: "wasm" as const };

function halfBatch(seed: number, rows: number): [tf.Tensor2D, tf.Tensor2D] {
  return [
    tf.randomUniform([rows, 784], 0, 1, "float32", seed) as tf.Tensor2D,
    tf.randomNormal([rows, 3], 0, 1, "float32", seed + 1) as tf.Tensor2D,
  ];
}

Deno.test("the two shards cover every weight once", () => {
  assert.deepEqual([...SHARDS[0], ...SHARDS[1]].sort(), [...TRAIN_WEIGHTS].sort());
});

Deno.test("updating the two shards in two states and swapping their weights equals updating everything", () => {
  const whole = initialState(config);
  const [main, worker] = [initialState(config), initialState(config)];
  for (let step = 0; step < 3; step++) {
    const [xA, epsA] = halfBatch(10 * step, 5);
    const [xB, epsB] = halfBatch(10 * step + 5, 4);
    const gA = halfStep(whole, xA, epsA).grads;
    const gB = halfStep(whole, xB, epsB).grads;
    const all = combineHalves(gA, 5, gB, 4);
    applyToState(whole, all, config.lr);
    // Each replica combines and updates its own shard, then takes the other's new weights.
    applyToState(main, combineHalves(gA, 5, gB, 4, SHARDS[0]), config.lr, SHARDS[0]);
    applyToState(worker, combineHalves(gA, 5, gB, 4, SHARDS[1]), config.lr, SHARDS[1]);
    replaceShard(main.weights, SHARDS[1], shardArrays(worker.weights, SHARDS[1]));
    replaceShard(worker.weights, SHARDS[0], shardArrays(main.weights, SHARDS[0]));
  }
  // The moments of a shard live with the replica that updates it.
  replaceShard(main.adam.m, SHARDS[1], shardArrays(worker.adam.m, SHARDS[1]));
  replaceShard(main.adam.v, SHARDS[1], shardArrays(worker.adam.v, SHARDS[1]));
  assert.deepEqual(stateToArrays(main), stateToArrays(whole));
  assert.deepEqual(shardArrays(worker.weights, TRAIN_WEIGHTS), shardArrays(whole.weights, TRAIN_WEIGHTS));
  assert.equal(main.adam.step, 3);
  assert.equal(worker.adam.step, 3);
});
