/**
 * Where a training step's time goes, at the Keras example's sizes on random data, on each
 * engine side by side: the loss-and-gradients pass (batch 128, and a half batch of 64 as the
 * wasm trainer computes it), the Adam update of all weights, and the whole step — on wasm
 * two halves, combined, Adam, on one thread and two; on native the whole batch, with one
 * OpenBLAS thread and two.
 *
 *   deno run -A bench/train_step_parts.ts
 */
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../lib/runtime/backend.ts";
import { ENGINES, useEngine } from "../lib/engine/engine.ts";
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
const x = tf.randomUniform([128, 784], 0, 1, "float32", 1) as tf.Tensor2D;
const eps = tf.randomNormal([128, 32], 0, 1, "float32", 2) as tf.Tensor2D;
for (const engine of ENGINES) {
  await useEngine(engine, 2);
  const config = { hiddenDim: 512, latentDim: 32, lr: 1e-3, seed: 1, engine };
  const state = initialState(config);
  for (const rows of [128, 64]) {
    const xs = x.slice([0, 0], [rows, -1]) as tf.Tensor2D;
    const es = eps.slice([0, 0], [rows, -1]) as tf.Tensor2D;
    const ms = msPer(
      50,
      () => tf.tidy(() => void lossAndGradients(state.weights, xs, es).loss.total.dataSync()),
    );
    console.log(`${engine}: loss and gradients, batch ${rows}: ${ms.toFixed(1)} ms`);
  }
  const grads = lossAndGradients(state.weights, x, eps).grads;
  console.log(
    `${engine}: Adam update, all weights: ${msPer(50, () => applyToState(state, grads, 1e-3)).toFixed(1)} ms`,
  );
  tf.dispose(Object.values(grads));
  for (const threads of [1, 2] as const) {
    // wasm: `threads` trainer threads; native: one trainer thread with `threads` OpenBLAS threads.
    const workers = engine === "native" ? 1 : threads;
    await useEngine(engine, threads);
    const trainer = createTrainer(config, { workers });
    for (let i = 0; i < 5; i++) await trainer.step(x, eps);
    const started = performance.now();
    // Each step announces the next batch (the same one here), as the training loop does.
    for (let i = 0; i < 50; i++) await trainer.step(x, eps, i < 49 ? { x, eps } : undefined);
    const step = (performance.now() - started) / 50;
    const how = engine === "native" ? `one thread, ${threads} OpenBLAS thread(s)` : `${threads} thread(s)`;
    console.log(
      `${engine}: whole step, ${how}: ${step.toFixed(1)} ms = ${(128000 / step).toFixed(0)} samples/s`,
    );
    trainer.dispose();
  }
}
