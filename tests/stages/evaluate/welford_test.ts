// Welford matches a two-pass mean and variance, keeps a constant number of tensors and its state inside tf.tidy(), and refuses a variance of fewer than two samples.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { Welford } from "../../../lib/stages/evaluate/welford.ts";

Deno.test("Welford matches a two-pass mean and variance on random data", () => {
  const samples = Array.from(
    { length: 57 },
    (_, k) => tf.randomUniform([3, 5], -2, 3 + k / 10, "float32", 100 + k),
  );
  const acc = new Welford();
  for (const s of samples) acc.add(s);
  const values = samples.map((s) => s.dataSync());
  const n = samples.length;
  const mean = acc.mean().dataSync();
  const variance = acc.variance().dataSync();
  for (let i = 0; i < 15; i++) {
    let sum = 0;
    for (const v of values) sum += v[i]!;
    const m = sum / n;
    let squares = 0;
    for (const v of values) squares += (v[i]! - m) ** 2;
    assert.ok(Math.abs(mean[i]! - m) < 1e-5, `mean[${i}] ${mean[i]} vs ${m}`);
    assert.ok(Math.abs(variance[i]! - squares / (n - 1)) < 1e-4 * (1 + squares / (n - 1)), `variance[${i}]`);
  }
  acc.dispose();
});

Deno.test("Welford keeps a constant number of tensors however many samples are added", () => {
  const acc = new Welford();
  const sample = tf.ones([4, 4]);
  acc.add(sample);
  const before = tf.memory().numTensors;
  for (let k = 0; k < 50; k++) acc.add(sample);
  assert.equal(tf.memory().numTensors, before);
  acc.dispose();
  sample.dispose();
});

Deno.test("Welford keeps its running state when add() is called inside tf.tidy()", () => {
  const acc = new Welford();
  for (let k = 1; k <= 3; k++) tf.tidy(() => acc.add(tf.fill([2], k)));
  assert.deepEqual([...acc.mean().dataSync()], [2, 2]);
  assert.deepEqual([...acc.variance().dataSync()], [1, 1]);
});

Deno.test("Welford.variance() refuses fewer than two samples", () => {
  const acc = new Welford();
  acc.add(tf.ones([2]));
  assert.throws(() => acc.variance(), /needs at least 2 samples, has 1/);
});
