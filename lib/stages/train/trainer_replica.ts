/**
 * The main thread's side of the worker replica behind `createTrainer(config, { workers: 2 })`
 * (the worker is lib/stages/train/trainer_worker.ts). Every step it sends the second half of the batch
 * and the first half's gradients of the second shard, receives the second half's loss and
 * gradients of the first shard, sends the first shard's new weights and receives the
 * second shard's. Replies come in the order of the requests (lib/core/runtime/worker_channel.ts).
 */
import type * as tf from "@tensorflow/tfjs";
import type { ElboParts } from "../../core/model/elbo_loss.ts";
import type { TrainWeights } from "./train_layout.ts";
import { shardArrays, SHARDS } from "./shards.ts";
import { type LossBatch, type TrainerConfig } from "./train_state.ts";
import type { NamedArray } from "../../core/model/weights_file.ts";
import { openWorkerChannel } from "../../core/runtime/worker_channel.ts";
import type { FromReplica, ToReplica } from "./replica_protocol.ts";

/** The worker replica's share of a step: its half's loss and gradients of the first shard. */
export type HalfReply = Extract<FromReplica, { kind: "half" }>;

/** The worker replica that computes the second half of every batch and updates {@link SHARDS}[1]. */
export interface Replica {
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

/** The module the replica runs in. */
export const TRAINER_WORKER_URL = new URL("./trainer_worker.ts", import.meta.url);

/** Starts the worker replica for `config`. */
export function startReplica(config: TrainerConfig): Replica {
  const channel = openWorkerChannel<ToReplica, FromReplica>(TRAINER_WORKER_URL, "training worker");
  // The worker listens from its first line on, so nothing sent now is lost.
  channel.send({ kind: "init", config });
  return {
    start(x, eps) {
      if (x === undefined || eps === undefined) {
        channel.send({ kind: "half", rows: 0 });
      } else {
        const [xs, es] = [x.dataSync() as Float32Array, eps.dataSync() as Float32Array];
        channel.send({ kind: "half", x: xs, eps: es, rows: x.shape[0] }, [xs, es]);
      }
      return channel.reply("half");
    },
    share(grads, nA, nB) {
      const arrays = shardArrays(grads, SHARDS[1]);
      channel.send({ kind: "share", grads: arrays, nA, nB }, arrays);
      return channel.reply("stepped", (r) => r.weights);
    },
    publish(weights) {
      const arrays = shardArrays(weights, SHARDS[0]);
      channel.send({ kind: "weights", weights: arrays }, arrays);
    },
    evaluate(batches) {
      const arrays = batches.map(({ x, eps }) => ({
        x: x.dataSync() as Float32Array,
        eps: eps.dataSync() as Float32Array,
        rows: x.shape[0],
      }));
      channel.send({ kind: "evaluate", batches: arrays }, arrays.flatMap((b) => [b.x, b.eps]));
      return channel.reply("losses", (r) => r.losses);
    },
    moments() {
      channel.send({ kind: "moments" });
      return channel.reply("moments");
    },
    async restore(arrays) {
      channel.send({ kind: "restore", arrays });
      await channel.reply("restored");
    },
    dispose() {
      channel.close();
    },
  };
}
