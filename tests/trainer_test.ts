import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../lib/backend.ts";
import { createTrainer } from "../lib/trainer.ts";

await useBackend("wasm");
const config = { hiddenDim: 32, latentDim: 4, lr: 1e-3, seed: 3 };

function batch(i: number): [tf.Tensor2D, tf.Tensor2D] {
  return [
    tf.randomUniform([9, 784], 0, 1, "float32", i) as tf.Tensor2D,
    tf.randomNormal([9, 4], 0, 1, "float32", 100 + i) as tf.Tensor2D,
  ];
}

Deno.test("two trainers with the same seed and batches end with byte-identical state", () => {
  const [a, b] = [createTrainer(config), createTrainer(config)];
  for (let i = 0; i < 3; i++) {
    const [x, eps] = batch(i);
    assert.deepEqual(a.step(x, eps), b.step(x, eps));
  }
  assert.deepEqual(a.snapshot(), b.snapshot());
  assert.equal(a.steps, 3);
  assert.notDeepEqual(createTrainer({ ...config, seed: 4 }).weights(), createTrainer(config).weights());
});

Deno.test("a trainer restored from a snapshot continues with the same bytes as one never stopped", () => {
  const whole = createTrainer(config);
  const first = createTrainer(config);
  for (let i = 0; i < 2; i++) {
    const [x, eps] = batch(i);
    whole.step(x, eps);
    first.step(x, eps);
  }
  const resumed = createTrainer(config);
  resumed.restore(first.snapshot());
  for (let i = 2; i < 4; i++) {
    const [x, eps] = batch(i);
    whole.step(x, eps);
    resumed.step(x, eps);
  }
  assert.deepEqual(resumed.snapshot(), whole.snapshot());
  [whole, first, resumed].forEach((t) => t.dispose());
});

Deno.test("trainer.weights() are the model-layout weights, named as the Keras layers", () => {
  const trainer = createTrainer(config);
  const names = trainer.weights().map((w) => `${w.name}:${w.shape.join("x")}`);
  assert.deepEqual(names, [
    "encoder_hidden/kernel:784x32",
    "encoder_hidden/bias:32",
    "z_mean/kernel:32x4",
    "z_mean/bias:4",
    "z_log_var/kernel:32x4",
    "z_log_var/bias:4",
    "decoder_hidden/kernel:4x32",
    "decoder_hidden/bias:32",
    "decoder_output/kernel:32x784",
    "decoder_output/bias:784",
  ]);
  trainer.dispose();
});

Deno.test("a trainer keeps a constant number of tensors across steps", () => {
  const trainer = createTrainer(config);
  const [x, eps] = batch(0);
  trainer.step(x, eps);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) trainer.step(x, eps);
  assert.equal(tf.memory().numTensors, before);
  trainer.dispose();
});
