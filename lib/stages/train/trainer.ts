/**
 * A VAE being trained: one Adam step per batch, the loss on validation batches, snapshots.
 * A batch's gradient is the mean of its two halves' gradients, weighted by their sizes.
 * With `workers: 2` the second half runs in a Web Worker that keeps a replica of the
 * weights (lib/stages/train/trainer_replica.ts), and the Adam update is split too: each side combines
 * the halves and updates one shard of the weights (and keeps that shard's moments), then
 * sends the new values to the other. Every value goes through the same float32 operations
 * in the same order whichever way it ran, so the bytes are the same as with `workers: 1`.
 * Snapshots are named arrays in model layout, so a checkpoint reads like the model and
 * restores the state bit for bit.
 * This is the wasm engine's trainer; the native engine's is lib/stages/train/native_trainer.ts.
 */
import * as tf from "@tensorflow/tfjs";
import type { ElboParts } from "../../core/model/elbo_loss.ts";
import { replaceShard, shardFromArrays, SHARDS } from "./shards.ts";
import { modelLayoutArrays, stateFromArrays, stateToArrays } from "./state_snapshot.ts";
import { applyToState, combineHalves } from "./state_update.ts";
import {
  batchLosses,
  disposeState,
  halfStep,
  initialState,
  type LossBatch,
  type TrainerConfig,
  trainerShape,
} from "./train_state.ts";
import { type HalfReply, startReplica } from "./trainer_replica.ts";
import type { NamedArray } from "../../core/model/weights_file.ts";

/** A VAE being trained. */
export interface Trainer {
  /**
   * One Adam step on batch `x` with noise `eps`; resolves to the batch's loss before the
   * step. Passing the `next` batch lets a worker start on its half while this thread
   * finishes the step; the next call must then be step(next.x, next.eps, …), before any
   * evaluate(), snapshot() or restore(). The bytes are the same either way.
   */
  step(x: tf.Tensor2D, eps: tf.Tensor2D, next?: LossBatch): Promise<ElboParts<number>>;
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

/** A batch split into the halves the trainer combines: rows ⌈n/2⌉ and ⌊n/2⌋ (new tensors). */
function splitHalves(x: tf.Tensor2D, eps: tf.Tensor2D) {
  const rows = x.shape[0];
  const nA = Math.ceil(rows / 2);
  const nB = rows - nA;
  return tf.tidy(() => ({
    nA,
    nB,
    xA: x.slice([0, 0], [nA, -1]),
    epsA: eps.slice([0, 0], [nA, -1]),
    xB: nB > 0 ? x.slice([nA, 0], [nB, -1]) : undefined,
    epsB: nB > 0 ? eps.slice([nA, 0], [nB, -1]) : undefined,
  }));
}

function disposeHalves(halves: { xA: tf.Tensor; xB?: tf.Tensor; epsA: tf.Tensor; epsB?: tf.Tensor }): void {
  tf.dispose([halves.xA, halves.xB, halves.epsA, halves.epsB].filter((t) => t !== undefined));
}

/** A trainer with fresh seeded state; `workers: 2` computes half of every batch in a worker. */
export function createTrainer(config: TrainerConfig, options: { workers: 1 | 2 } = { workers: 1 }): Trainer {
  if (config.engine !== "wasm") {
    throw new RangeError(
      `createTrainer: trains on the wasm engine (the native engine's is createNativeTrainer)`,
    );
  }
  const shape = trainerShape(config);
  // With a replica, this side's moments of SHARDS[1] go stale: the replica updates those,
  // and snapshot() fetches them.
  const state = initialState(config);
  if (options.workers === 2 && tf.getBackend() !== "wasm") {
    // Arrays read from cpu-backend tensors share their storage, which sending would detach.
    throw new RangeError(`createTrainer: workers 2 needs the wasm backend (now ${tf.getBackend()})`);
  }
  const replica = options.workers === 2 ? startReplica(config) : undefined;
  /** The batch whose second half the replica already has, and its coming reply. */
  let ahead: { x: tf.Tensor2D; reply: Promise<HalfReply> } | undefined;
  const refuseWhileAhead = (what: string) => {
    if (ahead) throw new Error(`trainer.${what}: the previous step announced a next batch; step on it first`);
  };

  return {
    get steps() {
      return state.adam.step;
    },
    async step(x, eps, next) {
      if (ahead !== undefined && ahead.x !== x) {
        throw new Error("trainer.step: expected the batch announced as `next` by the previous step");
      }
      const { nA, nB, xA, xB, epsA, epsB } = splitHalves(x, eps);
      const rows = nA + nB;
      let loss: number[][];
      if (replica) {
        const remote = ahead?.reply ?? replica.start(xB, epsB);
        ahead = undefined;
        const firstHalf = halfStep(state, xA, epsA);
        // The replica gets its shard of our half as soon as it exists, and updates that shard.
        const updated = replica.share(firstHalf.grads, nA, nB);
        const reply = await remote;
        const secondHalf = reply.grads ? shardFromArrays(reply.grads, state.weights, SHARDS[0]) : undefined;
        const grads = combineHalves(firstHalf.grads, nA, secondHalf, nB, SHARDS[0]);
        applyToState(state, grads, config.lr, SHARDS[0]);
        replica.publish(state.weights);
        if (next) {
          // Queued behind the new weights: the replica starts on it as soon as it has them.
          const upcoming = splitHalves(next.x, next.eps);
          ahead = { x: next.x, reply: replica.start(upcoming.xB, upcoming.epsB) };
          disposeHalves(upcoming);
        }
        replaceShard(state.weights, SHARDS[1], await updated);
        tf.dispose([
          ...Object.values(firstHalf.grads),
          ...Object.values(grads),
          ...Object.values(secondHalf ?? {}),
        ]);
        loss = [firstHalf.loss, reply.loss];
      } else {
        const firstHalf = halfStep(state, xA, epsA);
        const secondHalf = xB && epsB ? halfStep(state, xB, epsB) : undefined;
        const grads = combineHalves(firstHalf.grads, nA, secondHalf?.grads, nB);
        applyToState(state, grads, config.lr);
        tf.dispose([
          ...Object.values(firstHalf.grads),
          ...Object.values(grads),
          ...Object.values(secondHalf?.grads ?? {}),
        ]);
        loss = [firstHalf.loss, secondHalf?.loss ?? [0, 0, 0]];
      }
      disposeHalves({ xA, xB, epsA, epsB });
      const mean = (i: number) => (loss[0]![i]! * nA + loss[1]![i]! * nB) / rows;
      return { total: mean(0), recon: mean(1), kl: mean(2) };
    },
    async evaluate(batches) {
      refuseWhileAhead("evaluate");
      const mine = replica ? Math.ceil(batches.length / 2) : batches.length;
      const remote = replica?.evaluate(batches.slice(mine));
      const local = batchLosses(state, batches.slice(0, mine));
      return [...local, ...(remote ? await remote : [])];
    },
    weights() {
      return modelLayoutArrays(state.weights, "");
    },
    async snapshot() {
      refuseWhileAhead("snapshot");
      if (replica) {
        // This side's moments of the replica's shard are stale: take the replica's.
        const { m, v } = await replica.moments();
        replaceShard(state.adam.m, SHARDS[1], m);
        replaceShard(state.adam.v, SHARDS[1], v);
      }
      return stateToArrays(state);
    },
    async restore(arrays) {
      refuseWhileAhead("restore");
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
