/**
 * The training state of the VAE — weights in training layout (lib/train_layout.ts), Adam's
 * moments and step — and one Adam step on a batch. A batch's gradient is the mean of its
 * two halves' gradients, weighted by their sizes. With `workers: 2` the second half runs in
 * a Web Worker that keeps a replica of the weights, and the Adam update is split too: each
 * side combines the halves and updates one {@link SHARDS shard} of the weights (and keeps
 * that shard's moments), then sends the new values to the other. Every value goes through
 * the same float32 operations in the same order whichever way it ran, so the bytes are the
 * same as with `workers: 1`. Snapshots are named arrays in model layout, so a checkpoint
 * reads like the model and restores the state bit for bit.
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
  /**
   * The loss on each batch `x` with noise `eps`, without updating anything; with a worker,
   * the worker computes the second half of the list.
   */
  evaluate(batches: LossBatch[]): Promise<ElboParts<number>[]>;
  /** Number of Adam steps taken. */
  readonly steps: number;
  /** Weights as named arrays in model layout ("<layer>/kernel", "<layer>/bias"). */
  weights(): NamedArray[];
  /** Weights, Adam moments and step count as named arrays (model layout). */
  snapshot(): Promise<NamedArray[]>;
  /** Restores a {@link snapshot}. */
  restore(arrays: NamedArray[]): Promise<void>;
  dispose(): void;
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

/** The tensors `names` of `tensors` as arrays, in that order (copies), to send to the other replica. */
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

/** The worker replica's share of a step: its half's loss and gradients of the first shard. */
export interface HalfReply {
  /** Gradients of {@link SHARDS}[0] from the second half; null for an empty half. */
  grads: Float32Array[] | null;
  loss: number[];
}

/** The worker replica that computes the second half of every batch and updates {@link SHARDS}[1]. */
interface Replica {
  /** Resolves once the worker has started; await it before the first start(). */
  ready: Promise<void>;
  /** Sends the second half (possibly empty); resolves to its loss and first-shard gradients. */
  start(x: tf.Tensor2D | undefined, eps: tf.Tensor2D | undefined): Promise<HalfReply>;
  /**
   * Sends the first half's gradients of the second shard; resolves to that shard's new
   * weights once the replica has updated them.
   */
  share(grads: TrainWeights, nA: number, nB: number): Promise<Float32Array[]>;
  /** Sends the first shard's new weights. */
  publish(weights: TrainWeights): void;
  /** Sends batches; resolves to their losses. */
  evaluate(batches: LossBatch[]): Promise<ElboParts<number>[]>;
  /** Resolves to the replica's Adam moments of the second shard. */
  moments(): Promise<{ m: Float32Array[]; v: Float32Array[] }>;
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
  const send = (message: unknown, arrays: Float32Array[] = []) =>
    worker.postMessage(message, arrays.map((a) => a.buffer as ArrayBuffer));
  // The worker says "ready" once it listens: messages sent before that could be lost.
  const ready = next().then(() => send({ kind: "init", config }));
  return {
    ready,
    start(x, eps) {
      if (x === undefined || eps === undefined) {
        send({ kind: "half", rows: 0 });
      } else {
        const [xs, es] = [x.dataSync() as Float32Array, eps.dataSync() as Float32Array];
        send({ kind: "half", x: xs, eps: es, rows: x.shape[0] }, [xs, es]);
      }
      return next();
    },
    share(grads, nA, nB) {
      const arrays = shardArrays(grads, SHARDS[1]);
      send({ kind: "share", grads: arrays, nA, nB }, arrays);
      return next<{ weights: Float32Array[] }>().then((reply) => reply.weights);
    },
    publish(weights) {
      const arrays = shardArrays(weights, SHARDS[0]);
      send({ kind: "weights", weights: arrays }, arrays);
    },
    evaluate(batches) {
      const arrays = batches.map(({ x, eps }) => ({
        x: x.dataSync() as Float32Array,
        eps: eps.dataSync() as Float32Array,
        rows: x.shape[0],
      }));
      send({ kind: "evaluate", batches: arrays }, arrays.flatMap((b) => [b.x, b.eps]));
      return next();
    },
    moments() {
      send({ kind: "moments" });
      return next();
    },
    async restore(arrays) {
      await ready;
      send({ kind: "restore", arrays });
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
      const rows = x.shape[0];
      const nA = Math.ceil(rows / 2);
      const nB = rows - nA;
      const [xA, xB, epsA, epsB] = tf.tidy(() => [
        x.slice([0, 0], [nA, -1]),
        nB > 0 ? x.slice([nA, 0], [nB, -1]) : undefined,
        eps.slice([0, 0], [nA, -1]),
        nB > 0 ? eps.slice([nA, 0], [nB, -1]) : undefined,
      ]) as (tf.Tensor2D | undefined)[];
      let loss: number[][];
      if (replica) {
        await replica.ready;
        const remote = replica.start(xB, epsB);
        const first = halfStep(state, xA!, epsA!);
        // The replica gets its shard of our half as soon as it exists, and updates that shard.
        const updated = replica.share(first.grads, nA, nB);
        const reply = await remote;
        const second = reply.grads ? shardFromArrays(reply.grads, state.weights, SHARDS[0]) : undefined;
        const grads = combineHalves(first.grads, nA, second, nB, SHARDS[0]);
        applyToState(state, grads, config.lr, SHARDS[0]);
        replica.publish(state.weights);
        replaceShard(state.weights, SHARDS[1], await updated);
        tf.dispose([...Object.values(first.grads), ...Object.values(grads), ...Object.values(second ?? {})]);
        loss = [first.loss, reply.loss];
      } else {
        const first = halfStep(state, xA!, epsA!);
        const second = nB > 0 ? halfStep(state, xB!, epsB!) : undefined;
        const grads = combineHalves(first.grads, nA, second?.grads, nB);
        applyToState(state, grads, config.lr);
        tf.dispose([
          ...Object.values(first.grads),
          ...Object.values(grads),
          ...Object.values(second?.grads ?? {}),
        ]);
        loss = [first.loss, second?.loss ?? [0, 0, 0]];
      }
      tf.dispose([xA, xB, epsA, epsB].filter((t) => t !== undefined));
      const mean = (i: number) => (loss[0]![i]! * nA + loss[1]![i]! * nB) / rows;
      return { total: mean(0), recon: mean(1), kl: mean(2) };
    },
    async evaluate(batches) {
      const mine = replica ? Math.ceil(batches.length / 2) : batches.length;
      const remote = replica?.evaluate(batches.slice(mine));
      const local = batchLosses(state, batches.slice(0, mine));
      return [...local, ...(remote ? await remote : [])];
    },
    weights() {
      return modelLayoutArrays(state.weights, "");
    },
    async snapshot() {
      if (replica) {
        // This side's moments of the replica's shard are stale: take the replica's.
        const { m, v } = await replica.moments();
        replaceShard(state.adam.m as TrainWeights, SHARDS[1], m);
        replaceShard(state.adam.v as TrainWeights, SHARDS[1], v);
      }
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
