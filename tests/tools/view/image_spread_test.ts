// The explorer's pass spread and RMS change give the floats of the tf calls they replace, bit for bit.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { passSpread, rmsChange } from "../../../lib/tools/view/explorer/image_spread.ts";

/** Pixels like a decoder's sigmoid outputs, from a seeded draw. */
function images(rows: number, width: number, seed: number): Float32Array {
  return tf.tidy(() => tf.randomUniform([rows, width], 0, 1, "float32", seed).dataSync() as Float32Array);
}

/** Number of positions where `a` and `b` differ as float32 bit patterns. */
function bitDifferences(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return x.reduce((n, v, i) => n + (v !== y[i] ? 1 : 0), 0);
}

Deno.test("passSpread() equals tf.sqrt(moments(passes, 0).variance · K/(K−1)) bit for bit", async () => {
  await tf.setBackend("cpu");
  for (const [k, seed] of [[16, 1], [16, 2], [7, 3]] as const) {
    const passes = images(k, 784, seed);
    const expected = tf.tidy(() => {
      const { variance } = tf.moments(tf.tensor2d(passes, [k, 784]), 0);
      return tf.sqrt(tf.mul(variance, k / (k - 1))).dataSync() as Float32Array;
    });
    assert.equal(bitDifferences(passSpread(passes, k, 784), expected), 0, `K = ${k}, seed ${seed}`);
  }
});

Deno.test("rmsChange() equals tf.sqrt(mean(square(images − reference), 1)) bit for bit", async () => {
  await tf.setBackend("cpu");
  for (const seed of [1, 2, 3]) {
    const moved = images(32, 784, seed);
    const reference = images(1, 784, seed + 10);
    const expected = tf.tidy(() =>
      tf.sqrt(tf.mean(tf.square(tf.sub(tf.tensor2d(moved, [32, 784]), tf.tensor2d(reference, [1, 784]))), 1))
        .dataSync() as Float32Array
    );
    assert.equal(bitDifferences(rmsChange(moved, reference), expected), 0, `seed ${seed}`);
  }
});

Deno.test("rmsChange() and passSpread() follow a change of one pixel", () => {
  const passes = images(16, 784, 4);
  const before = passSpread(passes, 16, 784);
  const nudged = passes.slice();
  nudged[5] = nudged[5]! + 0.25;
  assert.notEqual(passSpread(nudged, 16, 784)[5], before[5]);
  const reference = images(1, 784, 5);
  assert.notEqual(rmsChange(nudged, reference)[0], rmsChange(passes, reference)[0]);
});
