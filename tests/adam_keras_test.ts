import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { adamStepSize, adamUpdate } from "../lib/adam_keras.ts";

Deno.test("adamUpdate() follows Keras' epsilon-hat form over two steps, as worked out by hand", () => {
  const lr = 0.01;
  const grads = [[0.5, -2e-4], [0.1, 3]];
  let param: tf.Tensor = tf.tensor1d([1, -1]);
  let moments = { m: tf.zeros([2]), v: tf.zeros([2]) };
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
    const next = adamUpdate(param, tf.tensor1d(g), moments, adamStepSize(lr, t));
    param = next.param;
    moments = next.moments as typeof moments;
  }
  const got = param.dataSync();
  for (let i = 0; i < 2; i++) assert.ok(Math.abs(got[i]! - p[i]!) < 1e-6, `p[${i}] ${got[i]} vs ${p[i]}`);
});
