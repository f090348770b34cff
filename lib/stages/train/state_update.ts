/**
 * One training step's update of the state: the batch gradient combined from its two halves,
 * and Keras' Adam applied to all weights or to one shard of them (lib/stages/train/shards.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { applyAdam } from "./adam_keras.ts";
import { TRAIN_WEIGHTS, type TrainWeightName, type TrainWeights } from "./train_layout.ts";
import type { TrainState } from "./train_state.ts";

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
