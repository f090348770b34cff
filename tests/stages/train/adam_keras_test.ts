// applyAdam() follows Keras' epsilon-hat form over two steps worked out by hand, and keeps its results inside tf.tidy().
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { adamStepSize, applyAdam, initAdamState } from "../../../lib/stages/train/adam_keras.ts";

Deno.test("applyAdam() follows Keras' epsilon-hat form over two steps, as worked out by hand", () => {
  const lr = 0.01;
  const grads = [[0.5, -2e-4], [0.1, 3]];
  let params: Record<"w", tf.Tensor> = { w: tf.tensor1d([1, -1]) };
  let state = initAdamState(params);
  const p = [1, -1];
  const m = [0, 0];
  const v = [0, 0];
  for (let t = 1; t <= 2; t++) {
    const g = grads[t - 1]!;
    const lrT = lr * Math.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t);
    for (let i = 0; i < 2; i++) {
      m[i] = 0.9 * m[i]! + 0.1 * g[i]!;
      v[i] = 0.999 * v[i]! + 0.001 * g[i]! ** 2;
      p[i] = p[i]! - lrT * m[i]! / (Math.sqrt(v[i]!) + 1e-7);
    }
    assert.ok(Math.abs(adamStepSize(lr, t) - lrT) < 1e-15);
    ({ params, state } = applyAdam(params, { w: tf.tensor1d(g) }, state, lr));
  }
  assert.equal(state.step, 2);
  const got = params.w.dataSync();
  for (let i = 0; i < 2; i++) assert.ok(Math.abs(got[i]! - p[i]!) < 1e-6, `p[${i}] ${got[i]} vs ${p[i]}`);
});

Deno.test("applyAdam() keeps its results when called inside tf.tidy()", () => {
  const params = { w: tf.tensor1d([1]) };
  let next: ReturnType<typeof applyAdam<"w">> | undefined;
  tf.tidy(() => {
    next = applyAdam(params, { w: tf.tensor1d([1]) }, initAdamState(params), 0.1);
  });
  if (next === undefined) throw new Error("applyAdam() returned nothing");
  assert.ok(Math.abs(next.params.w.dataSync()[0]! - 0.9) < 1e-6);
  assert.equal(next.state.m.w.dataSync()[0], Math.fround(0.1));
});
