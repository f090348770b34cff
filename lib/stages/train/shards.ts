/**
 * The two shards of the weights that two replicas update, one each, and the arrays they
 * send each other: a shard's tensors as Float32Arrays and back.
 */
import * as tf from "@tensorflow/tfjs";
import { TRAIN_WEIGHTS, type TrainWeightName, type TrainWeights } from "./train_layout.ts";

/**
 * The two shards of the weights when two replicas share the Adam update: the encoder's
 * (434,752 values at the example's sizes) and the decoder's (419,088). The first replica
 * (the main thread) updates the first shard, the worker the second.
 */
export const SHARDS: readonly [readonly TrainWeightName[], readonly TrainWeightName[]] = [
  TRAIN_WEIGHTS.slice(0, 4),
  TRAIN_WEIGHTS.slice(4),
];

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
