/**
 * The training state of the VAE — weights in training layout (lib/train_layout.ts), Adam's
 * moments and step — and one Adam step on a batch. A batch's gradient is the mean of its
 * two halves' gradients, weighted by their sizes: with `workers: 2` the second half runs in
 * a Web Worker that keeps an identical replica of the state, and both sides combine the
 * halves in the same order and apply the same Adam update, so the bytes are the same
 * whichever way it ran. Snapshots are named arrays in model layout, so a checkpoint reads
 * like the model and restores the state bit for bit.
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
  /** One Adam step on batch `x` with noise `eps`; resolves to the batch's loss before the step. */
  step(x: tf.Tensor2D, eps: tf.Tensor2D): Promise<ElboParts<number>>;
  /** The loss on `x` with noise `eps`, without updating anything. */
  evaluate(x: tf.Tensor2D, eps: tf.Tensor2D): ElboParts<tf.Scalar>;
  /** Number of Adam steps taken. */
  readonly steps: number;
  /** Weights as named arrays in model layout ("<layer>/kernel", "<layer>/bias"). */
  weights(): NamedArray[];
  /** Weights, Adam moments and step count as named arrays (model layout). */
  snapshot(): NamedArray[];
  /** Restores a {@link snapshot}. */
  restore(arrays: NamedArray[]): Promise<void>;
  dispose(): void;
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

/**
 * The batch gradient from its two halves' mean gradients: gA·(nA/n) + gB·(nB/n), always
 * with the first half first, so that every replica computes the same bytes.
 */
export function combineHalves(
  gA: TrainWeights,
  nA: number,
  gB: TrainWeights | undefined,
  nB: number,
): TrainWeights {
  return tf.tidy(() => {
    if (gB === undefined || nB === 0) {
      return Object.fromEntries(TRAIN_WEIGHTS.map((k) => [k, tf.clone(gA[k])])) as TrainWeights;
    }
    const wA = tf.scalar(nA / (nA + nB));
    const wB = tf.scalar(nB / (nA + nB));
    return Object.fromEntries(
      TRAIN_WEIGHTS.map((k) => [k, tf.add(tf.mul(gA[k], wA), tf.mul(gB[k], wB))]),
    ) as TrainWeights;
  });
}

/** Gradients as arrays in {@link TRAIN_WEIGHTS} order (copies), to send to the other replica. */
export function gradientArrays(grads: TrainWeights): Float32Array[] {
  return TRAIN_WEIGHTS.map((k) => grads[k].dataSync() as Float32Array);
}

/** Gradients from arrays in {@link TRAIN_WEIGHTS} order, shaped like `like`. */
export function gradientsFromArrays(arrays: Float32Array[], like: TrainWeights): TrainWeights {
  return Object.fromEntries(
    TRAIN_WEIGHTS.map((k, i) => [k, tf.tensor(arrays[i]!, like[k].shape)]),
  ) as TrainWeights;
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

/** Where the second half of every batch is computed: a worker replica, if any. */
interface Replica {
  /** Resolves once the worker has started; await it before the first start(). */
  ready: Promise<void>;
  /** Sends the second half; resolves to its gradients and loss once the replica has them. */
  start(x: tf.Tensor2D, eps: tf.Tensor2D): Promise<{ grads: Float32Array[]; loss: number[] }>;
  /** Sends the first half's gradients; resolves when the replica has taken the same step. */
  share(grads: TrainWeights, nA: number, nB: number): Promise<void>;
  restore(arrays: NamedArray[]): Promise<void>;
  dispose(): void;
}

function workerReplica(config: TrainerConfig): Replica {
  const worker = new Worker(new URL("./trainer_worker.ts", import.meta.url).href, { type: "module" });
  // Replies arrive in the order of the requests; each request waits for the next reply.
  const inbox: unknown[] = [];
  const waiting: { resolve: (value: unknown) => void; reject: (error: Error) => void }[] = [];
  let failure: Error | undefined;
  worker.onmessage = (e) => {
    const waiter = waiting.shift();
    if (waiter) waiter.resolve(e.data);
    else inbox.push(e.data);
  };
  worker.onerror = (e) => {
    e.preventDefault();
    failure = new Error(`training worker: ${e.message}`);
    for (const waiter of waiting.splice(0)) waiter.reject(failure);
  };
  const next = <T>(): Promise<T> => {
    if (failure) return Promise.reject(failure);
    if (inbox.length > 0) return Promise.resolve(inbox.shift() as T);
    return new Promise<T>((resolve, reject) =>
      waiting.push({ resolve: resolve as (v: unknown) => void, reject })
    );
  };
  // The worker says "ready" once it listens: messages sent before that could be lost.
  const ready = next().then(() => worker.postMessage({ kind: "init", config }));
  return {
    ready,
    start(x, eps) {
      const [xs, es] = [x.dataSync() as Float32Array, eps.dataSync() as Float32Array];
      worker.postMessage({ kind: "half", x: xs, eps: es, rows: x.shape[0] }, [
        xs.buffer as ArrayBuffer,
        es.buffer as ArrayBuffer,
      ]);
      return next();
    },
    share(grads, nA, nB) {
      const arrays = gradientArrays(grads);
      worker.postMessage(
        { kind: "share", grads: arrays, nA, nB },
        arrays.map((a) => a.buffer as ArrayBuffer),
      );
      return next<unknown>().then(() => {});
    },
    async restore(arrays) {
      await ready;
      worker.postMessage({ kind: "restore", arrays });
      await next();
    },
    dispose() {
      worker.terminate();
    },
  };
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

/** A trainer with fresh seeded state; `workers: 2` computes half of every batch in a worker. */
export function createTrainer(config: TrainerConfig, options: { workers: 1 | 2 } = { workers: 1 }): Trainer {
  const shape = trainerShape(config);
  const state = initialState(config);
  const replica = options.workers === 2 ? workerReplica(config) : undefined;

  return {
    get steps() {
      return state.adam.step;
    },
    async step(x, eps) {
      if (replica) await replica.ready;
      const rows = x.shape[0];
      const nA = Math.ceil(rows / 2);
      const nB = rows - nA;
      const [xA, xB, epsA, epsB] = tf.tidy(() => [
        x.slice([0, 0], [nA, -1]),
        x.slice([nA, 0], [nB, -1]),
        eps.slice([0, 0], [nA, -1]),
        eps.slice([nA, 0], [nB, -1]),
      ]) as tf.Tensor2D[];
      const remote = replica && nB > 0 ? replica.start(xB!, epsB!) : undefined;
      const first = halfStep(state, xA!, epsA!);
      // The replica gets our half as soon as it exists; it combines and steps as we do.
      const shared = remote ? replica!.share(first.grads, nA, nB) : undefined;
      let second: { grads: TrainWeights; loss: number[] } | undefined;
      if (remote) {
        const reply = await remote;
        second = { grads: gradientsFromArrays(reply.grads, state.weights), loss: reply.loss };
      } else if (nB > 0) {
        second = halfStep(state, xB!, epsB!);
      }
      const grads = combineHalves(first.grads, nA, second?.grads, nB);
      applyToState(state, grads, config.lr);
      await shared;
      tf.dispose([xA!, xB!, epsA!, epsB!, ...Object.values(first.grads), ...Object.values(grads)]);
      tf.dispose(Object.values(second?.grads ?? {}));
      const mean = (i: number) => (first.loss[i]! * nA + (second?.loss[i] ?? 0) * nB) / rows;
      return { total: mean(0), recon: mean(1), kl: mean(2) };
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
    async restore(arrays) {
      const restored = stateFromArrays(arrays, shape);
      disposeState(state);
      state.weights = restored.weights;
      state.adam = restored.adam;
      await replica?.restore(arrays);
    },
    dispose() {
      replica?.dispose();
      disposeState(state);
    },
  };
}
