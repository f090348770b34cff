/**
 * The training state of the VAE — weights in training layout (lib/stages/train/train_layout.ts),
 * Adam's moments and step — made fresh from a seed, and what a replica computes with it:
 * one half batch's loss and gradients, the loss of validation batches. The update lives in
 * state_update.ts, the shards two replicas exchange in shards.ts, and the state as named
 * arrays for checkpoints in state_snapshot.ts. Every function applies the same float32
 * operations in the same order wherever it runs, which is what makes one thread and two give
 * the same bytes (lib/stages/train/trainer.ts).
 */
import { MNIST_PIXELS } from "../fetch_mnist/fetch_mnist_artifact.ts";
import * as tf from "@tensorflow/tfjs";
import { type AdamState, initAdamState } from "./adam_keras.ts";
import type { ElboParts } from "../../core/model/elbo_loss.ts";
import { disposeParams, initVaeParams, type VaeShape } from "../../core/model/model_params.ts";
import type { EngineName } from "../../core/engine/engine.ts";
import {
  fromTrainLayout,
  toTrainLayout,
  TRAIN_WEIGHTS,
  type TrainWeightName,
  type TrainWeights,
} from "./train_layout.ts";
import { lossAndGradients, trainingLoss } from "./vae_gradients.ts";

/** What the trainer needs to know. */
export interface TrainerConfig {
  hiddenDim: number;
  latentDim: number;
  lr: number;
  seed: number;
  /** The engine the trainer computes on (lib/core/engine/engine.ts): wasm here, native in lib/stages/train/native_trainer.ts. */
  engine: EngineName;
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

/** Fresh state: seeded Keras-style weights (lib/core/model/model_params.ts), zero moments, step 0. */
export function initialState(config: TrainerConfig): TrainState {
  const params = initVaeParams(trainerShape(config), config.seed);
  const weights = keepAll(toTrainLayout(params));
  disposeParams(params);
  return { weights, adam: initAdamState(weights) };
}

/** Keeps every tensor of `weights` out of enclosing tf.tidy() scopes. */
export function keepAll(weights: TrainWeights): TrainWeights {
  for (const name of TRAIN_WEIGHTS) tf.keep(weights[name]);
  return weights;
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

/**
 * The loss and gradients of one half batch, and
 * the loss as numbers [total, recon, kl].
 */
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
