// createTrainer(): a worker thread (also with batches fetched early) gives byte-identical losses and state to one thread, the same seed the same bytes, a restored snapshot continues identically, weights come out in Keras layer names, and tensor count stays constant.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../../../lib/core/runtime/backend.ts";
import { createTrainer } from "../../../lib/stages/train/trainer.ts";

await useBackend("wasm");
const config = { hiddenDim: 32, latentDim: 4, lr: 1e-3, seed: 3, engine: "wasm" as const };

function batch(i: number, rows = 9): [tf.Tensor2D, tf.Tensor2D] {
  return [
    tf.randomUniform([rows, 784], 0, 1, "float32", i) as tf.Tensor2D,
    tf.randomNormal([rows, 4], 0, 1, "float32", 100 + i) as tf.Tensor2D,
  ];
}

Deno.test("a trainer with a worker thread gives the same losses, validation losses and byte-identical state as one without", async () => {
  const [one, two] = [createTrainer(config, { workers: 1 }), createTrainer(config, { workers: 2 })];
  try {
    for (let i = 0; i < 4; i++) {
      const [x, eps] = batch(i, [9, 8, 1, 5][i]); // halves 5+4, 4+4, 1+0 (the worker only updates), 3+2
      assert.deepEqual(await one.step(x, eps), await two.step(x, eps));
    }
    assert.deepEqual(await two.snapshot(), await one.snapshot());
    assert.equal(two.steps, 4);
    // Three loss batches: the worker computes the last one.
    const batches = [0, 1, 2].map((i) => batch(10 + i, 3 + i)).map(([x, eps]) => ({ x, eps }));
    const losses = await one.evaluate(batches);
    assert.deepEqual(await two.evaluate(batches), losses);
    assert.equal(new Set(losses.map((l) => l.total)).size, 3);
  } finally {
    one.dispose();
    two.dispose();
  }
});

Deno.test("a worker that gets each next batch early gives the same losses and bytes", async () => {
  const [one, two] = [createTrainer(config, { workers: 1 }), createTrainer(config, { workers: 2 })];
  try {
    const batches = [9, 1, 8, 5].map((rows, i) => batch(i, rows)).map(([x, eps]) => ({ x, eps }));
    for (let i = 0; i < batches.length; i++) {
      const { x, eps } = batches[i]!;
      assert.deepEqual(await two.step(x, eps, batches[i + 1]), await one.step(x, eps));
      if (i === 1) {
        // The worker already holds batch 2's half: anything but that step is refused.
        await assert.rejects(two.evaluate([batches[0]!]), /step on it first/);
        await assert.rejects(two.step(batches[3]!.x, batches[3]!.eps), /expected the batch announced/);
      }
    }
    assert.deepEqual(await two.snapshot(), await one.snapshot());
  } finally {
    one.dispose();
    two.dispose();
  }
});

Deno.test("two trainers with the same seed end with byte-identical state; another seed differs", async () => {
  const [a, b] = [createTrainer(config), createTrainer(config)];
  for (let i = 0; i < 3; i++) {
    const [x, eps] = batch(i);
    assert.deepEqual(await a.step(x, eps), await b.step(x, eps));
  }
  assert.deepEqual(await a.snapshot(), await b.snapshot());
  assert.notDeepEqual(createTrainer({ ...config, seed: 4 }).weights(), createTrainer(config).weights());
});

Deno.test("a trainer restored from a snapshot continues with the same bytes as one never stopped", async () => {
  const whole = createTrainer(config);
  const first = createTrainer(config);
  for (let i = 0; i < 2; i++) {
    const [x, eps] = batch(i);
    await whole.step(x, eps);
    await first.step(x, eps);
  }
  const resumed = createTrainer(config, { workers: 2 });
  await resumed.restore(await first.snapshot());
  for (let i = 2; i < 4; i++) {
    const [x, eps] = batch(i);
    await whole.step(x, eps);
    await resumed.step(x, eps);
  }
  assert.deepEqual(await resumed.snapshot(), await whole.snapshot());
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

Deno.test("a trainer keeps a constant number of tensors across steps", async () => {
  const trainer = createTrainer(config);
  const [x, eps] = batch(0);
  await trainer.step(x, eps);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) await trainer.step(x, eps);
  assert.equal(tf.memory().numTensors, before);
  trainer.dispose();
});

Deno.test("a trainer with a worker thread refuses any backend but wasm", async () => {
  await tf.setBackend("cpu");
  try {
    assert.throws(
      () => createTrainer(config, { workers: 2 }),
      /workers 2 needs the wasm backend \(now cpu\)/,
    );
  } finally {
    await tf.setBackend("wasm");
  }
});
