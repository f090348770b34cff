// The native trainer keeps the trainer's promises: seeded start, snapshots that resume with the same bytes, weights in model layout, steps on images gathered in C.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../../../lib/core/runtime/backend.ts";
import { engineNamed } from "../../../lib/core/engine/engine.ts";
import { createNativeTrainer } from "../../../lib/stages/train/native_trainer.ts";
import { createTrainer } from "../../../lib/stages/train/trainer.ts";
import { gatherScaledRows } from "../../../lib/stages/train/batch_rows.ts";

await useBackend("wasm");
const engine = engineNamed("native");
await engine.activate();
const config = { hiddenDim: 16, latentDim: 3, lr: 1e-3, seed: 4, engine: "native" as const };
const batch = (k: number) => ({
  x: tf.randomUniform([10, 784], 0, 1, "float32", 100 + k) as tf.Tensor2D,
  eps: tf.randomNormal([10, 3], 0, 1, "float32", 200 + k) as tf.Tensor2D,
});

Deno.test("a native trainer restored from a snapshot continues with the same bytes as one never stopped", async () => {
  const straight = createNativeTrainer(config, 2, engine.blasPath!);
  const resumed = createNativeTrainer(config, 1, engine.blasPath!);
  for (let k = 0; k < 3; k++) {
    const { x, eps } = batch(k);
    await straight.step(x, eps);
    await resumed.step(x, eps);
  }
  const snapshot = await resumed.snapshot();
  resumed.dispose();
  const fresh = createNativeTrainer({ ...config, seed: 99 }, 2, engine.blasPath!);
  await fresh.restore(snapshot);
  assert.equal(fresh.steps, 3);
  for (let k = 3; k < 6; k++) {
    const { x, eps } = batch(k);
    assert.deepEqual(await fresh.step(x, eps), await straight.step(x, eps));
  }
  assert.deepEqual(await fresh.snapshot(), await straight.snapshot());
  const validation = [batch(7)];
  assert.deepEqual(await fresh.evaluate(validation), await straight.evaluate(validation));
  fresh.dispose();
  straight.dispose();
});

Deno.test("a native trainer starts from the wasm trainer's seeded weights, in model layout", () => {
  const native = createNativeTrainer(config, 2, engine.blasPath!);
  const wasm = createTrainer({ ...config, engine: "wasm" });
  assert.deepEqual(native.weights(), wasm.weights());
  assert.deepEqual(native.weights().map((w) => w.name).slice(0, 2), [
    "encoder_hidden/kernel",
    "encoder_hidden/bias",
  ]);
  native.dispose();
  wasm.dispose();
});

Deno.test("a native step returns the batch's loss as numbers, the way the training loop reads every step's", async () => {
  const trainer = createNativeTrainer(config, 2, engine.blasPath!);
  const { x, eps } = batch(0);
  const loss = await trainer.step(x, eps);
  assert.ok(Number.isFinite(loss.total) && loss.total > 0);
  assert.ok(Math.abs(loss.total - (loss.recon + loss.kl)) < 1e-9);
  assert.equal(trainer.steps, 1);
  trainer.dispose();
});

Deno.test("a step on images gathered in C gives the bytes of a step on the same rows gathered in JS", async () => {
  const images = 40;
  const pixels = Uint8Array.from({ length: images * 784 }, (_, i) => (i * 2654435761) >>> 24);
  const onImages = createNativeTrainer(config, 2, engine.blasPath!);
  const onTensors = createNativeTrainer(config, 1, engine.blasPath!);
  // Odd sizes and a batch larger than the first: the gathered rows are reused and grown.
  for (const [k, size] of [[0, 7], [1, 13], [2, 5]] as const) {
    const indices = Int32Array.from({ length: size }, (_, r) => (r * 17 + k * 5) % images);
    const eps = tf.randomNormal([size, 3], 0, 1, "float32", 300 + k) as tf.Tensor2D;
    const x = tf.tensor2d(gatherScaledRows(pixels, 784, indices), [size, 784]);
    const epsValues = eps.dataSync() as Float32Array;
    assert.deepEqual(
      await onImages.stepImages(pixels, 784, indices, epsValues),
      await onTensors.step(x, eps),
    );
    tf.dispose([x, eps]);
  }
  assert.deepEqual(await onImages.snapshot(), await onTensors.snapshot());
  const eps = new Float32Array(3);
  assert.throws(() => onImages.stepImages(pixels, 784, Int32Array.of(images), eps), /image 40 of 40/);
  assert.throws(() => onImages.stepImages(pixels, 780, Int32Array.of(0), eps), /for a model of 784 inputs/);
  assert.throws(
    () => onImages.stepImages(pixels, 784, Int32Array.of(0, 1), eps),
    /2 images of 784 pixels with 3 noise values/,
  );
  onImages.dispose();
  onTensors.dispose();
});

Deno.test("lossOf() on plain arrays gives evaluate()'s losses for the same rows as tensors", async () => {
  const trainer = createNativeTrainer(config, 2, engine.blasPath!);
  const x = tf.randomUniform([9, 784], 0, 1, "float32", 41) as tf.Tensor2D;
  const eps = tf.randomNormal([9, 3], 0, 1, "float32", 42) as tf.Tensor2D;
  const [expected] = await trainer.evaluate([{ x, eps }]);
  const got = trainer.lossOf(x.dataSync() as Float32Array, eps.dataSync() as Float32Array, 9);
  assert.deepEqual(got, expected);
  assert.ok(got.total > 0);
  tf.dispose([x, eps]);
  trainer.dispose();
});
