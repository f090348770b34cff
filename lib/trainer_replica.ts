/**
 * The main thread's side of the worker replica behind `createTrainer(config, { workers: 2 })`
 * (the worker is lib/trainer_worker.ts): it sends the second half of every batch and the
 * first half's gradients of the second shard, and receives the second half's gradients of
 * the first shard and the second shard's new weights. Replies come in the order of the
 * requests.
 */
import type * as tf from "@tensorflow/tfjs";
import type { ElboParts } from "./elbo_loss.ts";
import type { TrainWeights } from "./train_layout.ts";
import { type LossBatch, shardArrays, SHARDS, type TrainerConfig } from "./train_state.ts";
import type { NamedArray } from "./weights_file.ts";

/** The worker replica's share of a step: its half's loss and gradients of the first shard. */
export interface HalfReply {
  /** Gradients of {@link SHARDS}[0] from the second half; null for an empty half. */
  grads: Float32Array[] | null;
  loss: number[];
}

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

/** Starts the worker replica for `config`. */
export function startReplica(config: TrainerConfig): Replica {
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
  // The worker listens from its first line on, so nothing sent now is lost.
  send({ kind: "init", config });
  return {
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
      send({ kind: "restore", arrays });
      await next();
    },
    dispose() {
      worker.terminate();
    },
  };
}
