/**
 * The training state of the VAE — weights in training layout (lib/train/train_layout.ts), Adam's
 * moments and step — and what a replica does with it: one half batch's loss and gradients,
 * combining two halves' gradients, the Adam update of all weights or of one
 * {@link SHARDS shard}, shards as arrays to send to the other replica, and the state as
 * named arrays in model layout for checkpoints. Every function applies the same float32
 * operations in the same order wherever it runs, which is what makes one thread and two
 * give the same bytes (lib/train/trainer.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { type AdamState, applyAdam, initAdamState } from "./adam_keras.ts";
import type { ElboParts } from "../model/elbo_loss.ts";
import { MNIST_PIXELS } from "../mnist/mnist_files.ts";
import {
  disposeParams,
  initVaeParams,
  paramsFromArrays,
  paramsToArrays,
  type VaeShape,
} from "../model/model_params.ts";
import {
  fromTrainLayout,
  toTrainLayout,
  TRAIN_WEIGHTS,
  type TrainWeightName,
  type TrainWeights,
} from "./train_layout.ts";
import { lossAndGradients, trainingLoss } from "./vae_gradients.ts";
import type { NamedArray } from "../model/weights_file.ts";

/** What the trainer needs to know. */
export interface TrainerConfig {
  hiddenDim: number;
  latentDim: number;
  lr: number;
  seed: number;
}

/** A batch to compute the loss on: images [rows, 784] and noise [rows, latent]. */
export interface LossBatch {
  x: tf.Tensor2D;
  eps: tf.Tensor2D;
}

/** Weights and Adam state in training layout (each replica has its own). */
export interface TrainState {
  weights: TrainWeights;
  adam: AdamState<TrainWeightName>;
}

/** The layer sizes of `config`. */
export function trainerShape(config: TrainerConfig): VaeShape {
  return { inputDim: MNIST_PIXELS, hiddenDim: config.hiddenDim, latentDim: config.latentDim };
}

/** Fresh state: seeded Keras-style weights (lib/model/model_params.ts), zero moments, step 0. */
export function initialState(config: TrainerConfig): TrainState {
  const params = initVaeParams(trainerShape(config), config.seed);
  const weights = keepAll(toTrainLayout(params));
  disposeParams(params);
  return { weights, adam: initAdamState(weights) };
}

function keepAll(weights: TrainWeights): TrainWeights {
  for (const name of TRAIN_WEIGHTS) tf.keep(weights[name]);
  return weights;
}

/**
 * The two shards of the weights when two replicas share the Adam update: the encoder's
 * (434,752 values at the example's sizes) and the decoder's (419,088). The first replica
 * (the main thread) updates the first shard, the worker the second.
 */
export const SHARDS: readonly [readonly TrainWeightName[], readonly TrainWeightName[]] = [
  TRAIN_WEIGHTS.slice(0, 4),
  TRAIN_WEIGHTS.slice(4),
];

function pick<T>(record: Record<TrainWeightName, T>, names: readonly TrainWeightName[]) {
  return Object.fromEntries(names.map((k) => [k, record[k]])) as Record<TrainWeightName, T>;
}

/**
 * Applies one Adam update with `grads` to the weights `names` of `state` (all by default)
 * and to their moments, and counts the step; disposes the replaced tensors, not `grads`.
 */
export function applyToState(
  state: TrainState,
  grads: TrainWeights,
  lr: number,
  names: readonly TrainWeightName[] = TRAIN_WEIGHTS,
): void {
  const next = applyAdam(
    pick(state.weights, names),
    pick(grads, names),
    { step: state.adam.step, m: pick(state.adam.m, names), v: pick(state.adam.v, names) },
    lr,
  );
  tf.dispose(names.flatMap((k) => [state.weights[k], state.adam.m[k], state.adam.v[k]]));
  Object.assign(state.weights, next.params);
  Object.assign(state.adam.m, next.state.m);
  Object.assign(state.adam.v, next.state.v);
  state.adam.step = next.state.step;
}

/**
 * The batch gradient of the weights `names` (all by default) from its two halves' mean
 * gradients: gA·(nA/n) + gB·(nB/n), always with the first half first, so that every
 * replica computes the same bytes.
 */
export function combineHalves(
  gA: TrainWeights,
  nA: number,
  gB: TrainWeights | undefined,
  nB: number,
  names: readonly TrainWeightName[] = TRAIN_WEIGHTS,
): TrainWeights {
  return tf.tidy(() => {
    if (gB === undefined || nB === 0) {
      return Object.fromEntries(names.map((k) => [k, tf.clone(gA[k])])) as TrainWeights;
    }
    const wA = tf.scalar(nA / (nA + nB));
    const wB = tf.scalar(nB / (nA + nB));
    return Object.fromEntries(
      names.map((k) => [k, tf.add(tf.mul(gA[k], wA), tf.mul(gB[k], wB))]),
    ) as TrainWeights;
  });
}

/**
 * The tensors `names` of `tensors` as arrays, in that order, to send to the other replica.
 * On the wasm backend these are copies; on cpu they would be the tensors' own storage.
 */
export function shardArrays(tensors: TrainWeights, names: readonly TrainWeightName[]): Float32Array[] {
  return names.map((k) => tensors[k].dataSync() as Float32Array);
}

/** Tensors named `names` from {@link shardArrays}' arrays, shaped like `like`. */
export function shardFromArrays(
  arrays: Float32Array[],
  like: TrainWeights,
  names: readonly TrainWeightName[],
): TrainWeights {
  return Object.fromEntries(names.map((k, i) => [k, tf.tensor(arrays[i]!, like[k].shape)])) as TrainWeights;
}

/** Replaces the tensors `names` of `tensors` with {@link shardArrays}' arrays (disposing the old ones). */
export function replaceShard(
  tensors: TrainWeights,
  names: readonly TrainWeightName[],
  arrays: Float32Array[],
): void {
  const next = shardFromArrays(arrays, tensors, names);
  tf.dispose(names.map((k) => tensors[k]));
  Object.assign(tensors, next);
}

/** The loss of each of `batches` with the weights of `state` (the plain forward pass of trainingLoss). */
export function batchLosses(state: TrainState, batches: LossBatch[]): ElboParts<number>[] {
  const params = fromTrainLayout(state.weights);
  const losses = batches.map(({ x, eps }) =>
    tf.tidy(() => {
      const loss = trainingLoss(params, x, eps);
      const [total, recon, kl] = tf.stack([loss.total, loss.recon, loss.kl]).dataSync();
      return { total: total!, recon: recon!, kl: kl! };
    })
  );
  disposeParams(params);
  return losses;
}

/** The loss and gradients of one half batch, and the loss as numbers [total, recon, kl]. */
export function halfStep(
  state: TrainState,
  x: tf.Tensor2D,
  eps: tf.Tensor2D,
): { grads: TrainWeights; loss: number[] } {
  const { loss, grads } = lossAndGradients(state.weights, x, eps);
  const values = tf.tidy(() => [...tf.stack([loss.total, loss.recon, loss.kl]).dataSync()]);
  tf.dispose([loss.total, loss.recon, loss.kl]);
  return { grads, loss: values };
}

/** Frees every tensor of `state`. */
export function disposeState(state: TrainState): void {
  tf.dispose([
    ...Object.values(state.weights),
    ...Object.values(state.adam.m),
    ...Object.values(state.adam.v),
  ]);
}

/** `weights` in model layout as named arrays, each name prefixed with `prefix`. */
export function modelLayoutArrays(weights: TrainWeights, prefix: string): NamedArray[] {
  const params = fromTrainLayout(weights);
  const arrays = paramsToArrays(params).map((a) => ({ ...a, name: `${prefix}${a.name}` }));
  disposeParams(params);
  return arrays;
}

/** The state as named arrays in model layout (see {@link Trainer.snapshot}). */
export function stateToArrays(state: TrainState): NamedArray[] {
  return [
    ...modelLayoutArrays(state.weights, ""),
    ...modelLayoutArrays(state.adam.m, "adam_m/"),
    ...modelLayoutArrays(state.adam.v, "adam_v/"),
    { name: "adam_steps", shape: [1], values: new Float32Array([state.adam.step]) },
  ];
}

/** The inverse of {@link stateToArrays}. */
export function stateFromArrays(arrays: NamedArray[], shape: VaeShape): TrainState {
  const part = (prefix: string) => {
    // paramsFromArrays picks the weights it needs by name; other entries are ignored.
    const named = arrays.filter((a) => a.name.startsWith(prefix)).map((a) => ({
      ...a,
      name: a.name.slice(prefix.length),
    }));
    const params = paramsFromArrays(named, shape, "checkpoint");
    const weights = keepAll(toTrainLayout(params));
    disposeParams(params);
    return weights;
  };
  const steps = arrays.find((a) => a.name === "adam_steps")?.values[0];
  if (steps === undefined) throw new SyntaxError("checkpoint: adam_steps is missing");
  const weights = part("");
  return { weights, adam: { step: steps, m: part("adam_m/"), v: part("adam_v/") } };
}
