/**
 * The training state of the VAE — weights, Adam moments and step count — and one Adam step
 * on a batch. Snapshots are named arrays, so a checkpoint restores the state bit for bit.
 */
import * as tf from "@tensorflow/tfjs";
import { adamStepSize, adamUpdate, type Moments } from "./adam_keras.ts";
import type { ElboParts } from "./elbo_loss.ts";
import { MNIST_PIXELS } from "./mnist_files.ts";
import {
  disposeParams,
  initVaeParams,
  LAYERS,
  paramsFromArrays,
  paramsToArrays,
  type VaeParams,
  type VaeShape,
} from "./model_params.ts";
import { gradientTensors, lossAndGradients, trainingLoss } from "./vae_gradients.ts";
import type { NamedArray } from "./weights_file.ts";

/** What the trainer needs to know. */
export interface TrainerConfig {
  hiddenDim: number;
  latentDim: number;
  lr: number;
  seed: number;
}

/** A VAE being trained. */
export interface Trainer {
  /** One Adam step on batch `x` with noise `eps`; returns the batch's loss before the step. */
  step(x: tf.Tensor2D, eps: tf.Tensor2D): ElboParts<tf.Scalar>;
  /** The loss on `x` with noise `eps`, without updating anything. */
  evaluate(x: tf.Tensor2D, eps: tf.Tensor2D): ElboParts<tf.Scalar>;
  /** Current weights. */
  readonly params: VaeParams;
  /** Number of Adam steps taken. */
  readonly steps: number;
  /** Weights as named arrays. */
  weights(): NamedArray[];
  /** Weights, Adam moments and step count as named arrays. */
  snapshot(): NamedArray[];
  /** Restores a {@link snapshot}. */
  restore(arrays: NamedArray[]): void;
  dispose(): void;
}

type ParamKey = `${typeof LAYERS[number]}/${"kernel" | "bias"}`;

/** A fresh trainer: seeded Keras-style initial weights, zero moments, step 0. */
export function createTrainer(config: TrainerConfig): Trainer {
  const shape: VaeShape = {
    inputDim: MNIST_PIXELS,
    hiddenDim: config.hiddenDim,
    latentDim: config.latentDim,
  };
  let params = initVaeParams(shape, config.seed);
  let moments = zeroMoments(params);
  let steps = 0;

  const replaceMoments = (next: Map<ParamKey, Moments>) => {
    for (const m of moments.values()) tf.dispose([m.m, m.v]);
    moments = next;
  };

  return {
    get params() {
      return params;
    },
    get steps() {
      return steps;
    },
    step(x, eps) {
      const { loss, grads } = lossAndGradients(params, x, eps);
      steps++;
      const stepSize = adamStepSize(config.lr, steps);
      const nextMoments = new Map<ParamKey, Moments>();
      const next = {} as VaeParams;
      for (const name of LAYERS) {
        const kernel = adamUpdate(
          params[name].kernel,
          grads[name].kernel,
          moments.get(`${name}/kernel`)!,
          stepSize,
        );
        const bias = adamUpdate(params[name].bias, grads[name].bias, moments.get(`${name}/bias`)!, stepSize);
        // The state outlives any tf.tidy() a caller wraps around step().
        next[name] = { kernel: tf.keep(kernel.param), bias: tf.keep(bias.param) };
        nextMoments.set(`${name}/kernel`, { m: tf.keep(kernel.moments.m), v: tf.keep(kernel.moments.v) });
        nextMoments.set(`${name}/bias`, { m: tf.keep(bias.moments.m), v: tf.keep(bias.moments.v) });
      }
      tf.dispose(gradientTensors(grads));
      disposeParams(params);
      params = next;
      replaceMoments(nextMoments);
      return loss;
    },
    evaluate(x, eps) {
      return trainingLoss(params, x, eps);
    },
    weights() {
      return paramsToArrays(params);
    },
    snapshot() {
      const arrays = paramsToArrays(params);
      for (const [key, m] of moments) {
        arrays.push({ name: `adam_m/${key}`, shape: m.m.shape, values: m.m.dataSync() as Float32Array });
        arrays.push({ name: `adam_v/${key}`, shape: m.v.shape, values: m.v.dataSync() as Float32Array });
      }
      arrays.push({ name: "adam_steps", shape: [1], values: new Float32Array([steps]) });
      return arrays;
    },
    restore(arrays) {
      const byName = new Map(arrays.map((a) => [a.name, a]));
      const restored = paramsFromArrays(arrays, shape, "checkpoint");
      const nextMoments = new Map<ParamKey, Moments>();
      for (const key of moments.keys()) {
        const m = byName.get(`adam_m/${key}`);
        const v = byName.get(`adam_v/${key}`);
        if (!m || !v) throw new SyntaxError(`checkpoint: Adam moments of ${key} are missing`);
        nextMoments.set(key, {
          m: tf.keep(tf.tensor(m.values, m.shape)),
          v: tf.keep(tf.tensor(v.values, v.shape)),
        });
      }
      const savedSteps = byName.get("adam_steps")?.values[0];
      if (savedSteps === undefined) throw new SyntaxError("checkpoint: adam_steps is missing");
      disposeParams(params);
      params = restored;
      replaceMoments(nextMoments);
      steps = savedSteps;
    },
    dispose() {
      disposeParams(params);
      replaceMoments(new Map());
    },
  };
}

function zeroMoments(params: VaeParams): Map<ParamKey, Moments> {
  const moments = new Map<ParamKey, Moments>();
  for (const name of LAYERS) {
    for (const part of ["kernel", "bias"] as const) {
      const p = params[name][part];
      moments.set(`${name}/${part}`, { m: tf.keep(tf.zerosLike(p)), v: tf.keep(tf.zerosLike(p)) });
    }
  }
  return moments;
}
