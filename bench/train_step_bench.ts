/**
 * Throughput of one full training step (forward, loss, gradients, Adam) at the Keras
 * example's sizes, on random pixels in [0, 1]:
 *
 *   deno run -A bench/train_step_bench.ts [--steps 200] [--warmup 20] [--batch 128]
 *                                         [--backend wasm|cpu] [--variant manual|autograd]
 *
 * "manual" is lib/train_step.ts' trainStep (hand-written backprop); "autograd" computes
 * the same gradients with tf.grads over vaeLoss, for comparison. Prints samples/s.
 */
import * as tf from "@tensorflow/tfjs";
import { parseArgs } from "node:util";
import { applyAdam } from "../lib/adam.ts";
import { stepEpsilon } from "../lib/seeds.ts";
import { type BackendName, useBackend } from "../lib/tf_backend.ts";
import { createTrainState, disposeTrainState, type TrainState, trainStep } from "../lib/train_step.ts";
import { vaeLoss } from "../lib/vae_loss.ts";
import { DEFAULT_VAE_DIMS, VAE_PARAM_NAMES, type VaeParamName, type VaeParams } from "../lib/vae_params.ts";

const VARIANTS = ["manual", "autograd"] as const;

/** trainStep with gradients from tfjs' autograd instead of the hand-written backward pass. */
function autogradStep(state: TrainState, x: tf.Tensor2D, eps: tf.Tensor2D): number {
  const names = [...VAE_PARAM_NAMES];
  const { value, grads } = tf.tidy(() => {
    const f = (...weights: tf.Tensor[]) => {
      const params = Object.fromEntries(names.map((n, i) => [n, weights[i]!])) as VaeParams;
      return vaeLoss(params, x, eps).total;
    };
    return tf.valueAndGrads(f)(names.map((n) => state.params[n]));
  });
  const gradRecord = Object.fromEntries(names.map((n, i) => [n, grads[i]!])) as Record<
    VaeParamName,
    tf.Tensor
  >;
  const next = applyAdam<VaeParamName>(state.params, gradRecord, state.adam, state.adamConfig);
  const loss = value.dataSync()[0]!;
  tf.dispose([
    value,
    grads,
    Object.values(state.params),
    Object.values(state.adam.m),
    Object.values(state.adam.v),
  ]);
  state.params = next.params as VaeParams;
  state.adam = next.state;
  return loss;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      steps: { type: "string", default: "200" },
      warmup: { type: "string", default: "20" },
      batch: { type: "string", default: "128" },
      backend: { type: "string", default: "wasm" },
      variant: { type: "string", default: "manual" },
    },
    strict: true,
  });
  const steps = Number(values.steps);
  const warmup = Number(values.warmup);
  const batch = Number(values.batch);
  const variant = values.variant as typeof VARIANTS[number];
  if (!VARIANTS.includes(variant)) {
    throw new RangeError(`--variant: expected manual or autograd, got ${variant}`);
  }
  const info = await useBackend(values.backend as BackendName);
  const dims = DEFAULT_VAE_DIMS;
  const state = createTrainState({ ...dims, seed: 1 });
  // A pool of distinct batches so that no tensor is reused across consecutive steps.
  const pool = Array.from({ length: 8 }, (_, i) => ({
    x: tf.randomUniform([batch, dims.inputDim], 0, 1, "float32", 100 + i) as tf.Tensor2D,
    eps: stepEpsilon(1, 0, i, batch, dims.latentDim),
  }));
  const run = (i: number) => {
    const { x, eps } = pool[i % pool.length]!;
    return variant === "manual" ? trainStep(state, x, eps).total : autogradStep(state, x, eps);
  };
  for (let i = 0; i < warmup; i++) run(i);
  const tensorsBefore = tf.memory().numTensors;
  const start = performance.now();
  let loss = 0;
  for (let i = 0; i < steps; i++) loss = run(i);
  const seconds = (performance.now() - start) / 1000;
  const leaked = tf.memory().numTensors - tensorsBefore;
  console.log(
    `${variant} on ${info.backend} (simd ${info.wasmSimd}): ${steps} steps of batch ${batch} in ` +
      `${seconds.toFixed(2)} s = ${(steps * batch / seconds).toFixed(0)} samples/s, ` +
      `${(seconds / steps * 1000).toFixed(2)} ms/step; last loss ${
        loss.toFixed(2)
      }; tensors leaked ${leaked}`,
  );
  disposeTrainState(state);
}

if (import.meta.main) await main();
