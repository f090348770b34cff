/**
 * Where a training step's time goes, at the Keras example's sizes on random data: the
 * loss-and-gradients pass (batch 128, and a half batch of 64 as the trainer computes it),
 * the Adam update of all weights and of each replica's shard, and the whole step — two
 * halves, combined, Adam — on one thread and on two.
 *
 *   deno run -A bench/train_step_parts.ts
 */
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../lib/runtime/backend.ts";
import { SHARDS } from "../lib/train/shards.ts";
import { applyToState } from "../lib/train/state_update.ts";
import { initialState } from "../lib/train/train_state.ts";
import { createTrainer } from "../lib/train/trainer.ts";
import { lossAndGradients } from "../lib/train/vae_gradients.ts";

function msPer(iterations: number, f: () => void): number {
  for (let i = 0; i < 5; i++) f();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) f();
  return (performance.now() - started) / iterations;
}

await useBackend("wasm");
const config = { hiddenDim: 512, latentDim: 32, lr: 1e-3, seed: 1 };
const state = initialState(config);
for (const rows of [128, 64]) {
  const x = tf.randomUniform([rows, 784], 0, 1, "float32", 1) as tf.Tensor2D;
  const eps = tf.randomNormal([rows, 32], 0, 1, "float32", 2) as tf.Tensor2D;
  const ms = msPer(
    50,
    () => tf.tidy(() => void lossAndGradients(state.weights, x, eps).loss.total.dataSync()),
  );
  console.log(`loss and gradients, batch ${rows}: ${ms.toFixed(1)} ms`);
}
const x = tf.randomUniform([128, 784], 0, 1, "float32", 1) as tf.Tensor2D;
const eps = tf.randomNormal([128, 32], 0, 1, "float32", 2) as tf.Tensor2D;
const grads = lossAndGradients(state.weights, x, eps).grads;
for (
  const [label, names] of [["all weights", undefined], ["encoder shard", SHARDS[0]], [
    "decoder shard",
    SHARDS[1],
  ]] as const
) {
  const ms = msPer(50, () => applyToState(state, grads, 1e-3, names));
  console.log(`Adam update, ${label}: ${ms.toFixed(1)} ms`);
}
tf.dispose(Object.values(grads));
for (const workers of [1, 2] as const) {
  const trainer = createTrainer(config, { workers });
  for (let i = 0; i < 5; i++) await trainer.step(x, eps);
  const started = performance.now();
  // Each step announces the next batch (the same one here), as the training loop does.
  for (let i = 0; i < 50; i++) await trainer.step(x, eps, i < 49 ? { x, eps } : undefined);
  const step = (performance.now() - started) / 50;
  console.log(
    `whole step (two halves + Adam), ${workers} thread(s): ${step.toFixed(1)} ms = ${
      (128000 / step).toFixed(0)
    } samples/s`,
  );
  trainer.dispose();
}
