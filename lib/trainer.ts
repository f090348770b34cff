/**
 * The training state of the VAE — weights in training layout (lib/train_layout.ts), Adam's
 * moments and step — and one Adam step on a batch. Snapshots are named arrays in model
 * layout, so a checkpoint reads like the model and restores the state bit for bit.
 */
import * as tf from "@tensorflow/tfjs";
import { type AdamState, applyAdam, initAdamState } from "./adam_keras.ts";
import type { ElboParts } from "./elbo_loss.ts";
import { MNIST_PIXELS } from "./mnist_files.ts";
import {
  disposeParams,
  initVaeParams,
  paramsFromArrays,
  paramsToArrays,
  type VaeShape,
} from "./model_params.ts";
import {
  fromTrainLayout,
  toTrainLayout,
  TRAIN_WEIGHTS,
  type TrainWeightName,
  type TrainWeights,
} from "./train_layout.ts";
import { lossAndGradients, trainingLoss } from "./vae_gradients.ts";
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
  step(x: tf.Tensor2D, eps: tf.Tensor2D): ElboParts<number>;
  /** The loss on `x` with noise `eps`, without updating anything. */
  evaluate(x: tf.Tensor2D, eps: tf.Tensor2D): ElboParts<tf.Scalar>;
  /** Number of Adam steps taken. */
  readonly steps: number;
  /** Weights as named arrays in model layout ("<layer>/kernel", "<layer>/bias"). */
  weights(): NamedArray[];
  /** Weights, Adam moments and step count as named arrays (model layout). */
  snapshot(): NamedArray[];
  /** Restores a {@link snapshot}. */
  restore(arrays: NamedArray[]): void;
  dispose(): void;
}

/** Weights and Adam state in training layout. */
export interface TrainState {
  weights: TrainWeights;
  adam: AdamState<TrainWeightName>;
}

/** The layer sizes of `config`. */
export function trainerShape(config: TrainerConfig): VaeShape {
  return { inputDim: MNIST_PIXELS, hiddenDim: config.hiddenDim, latentDim: config.latentDim };
}

/** Fresh state: seeded Keras-style weights (lib/model_params.ts), zero moments, step 0. */
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

/** Applies one Adam update to `state` with `grads` (disposes the replaced tensors, not `grads`). */
export function applyToState(state: TrainState, grads: TrainWeights, lr: number): void {
  const next = applyAdam(state.weights, grads, state.adam, lr);
  disposeState(state);
  state.weights = next.params as TrainWeights;
  state.adam = next.state;
}

function disposeState(state: TrainState): void {
  tf.dispose([
    ...Object.values(state.weights),
    ...Object.values(state.adam.m),
    ...Object.values(state.adam.v),
  ]);
}

function modelLayoutArrays(weights: TrainWeights, prefix: string): NamedArray[] {
  const params = fromTrainLayout(weights);
  const arrays = paramsToArrays(params).map((a) => ({ ...a, name: `${prefix}${a.name}` }));
  disposeParams(params);
  return arrays;
}

/** The state as named arrays in model layout (see {@link Trainer.snapshot}). */
export function stateToArrays(state: TrainState): NamedArray[] {
  return [
    ...modelLayoutArrays(state.weights, ""),
    ...modelLayoutArrays(state.adam.m as TrainWeights, "adam_m/"),
    ...modelLayoutArrays(state.adam.v as TrainWeights, "adam_v/"),
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

/** A trainer with fresh seeded state. */
export function createTrainer(config: TrainerConfig): Trainer {
  const shape = trainerShape(config);
  const state = initialState(config);

  return {
    get steps() {
      return state.adam.step;
    },
    step(x, eps) {
      const { loss, grads } = lossAndGradients(state.weights, x, eps);
      const values = tf.tidy(() => [...tf.stack([loss.total, loss.recon, loss.kl]).dataSync()]);
      applyToState(state, grads, config.lr);
      tf.dispose([loss.total, loss.recon, loss.kl, ...Object.values(grads)]);
      return { total: values[0]!, recon: values[1]!, kl: values[2]! };
    },
    evaluate(x, eps) {
      const params = fromTrainLayout(state.weights);
      const loss = trainingLoss(params, x, eps);
      disposeParams(params);
      return loss;
    },
    weights() {
      return modelLayoutArrays(state.weights, "");
    },
    snapshot() {
      return stateToArrays(state);
    },
    restore(arrays) {
      const restored = stateFromArrays(arrays, shape);
      disposeState(state);
      state.weights = restored.weights;
      state.adam = restored.adam;
    },
    dispose() {
      disposeState(state);
    },
  };
}
