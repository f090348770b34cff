/**
 * The messages between the trainer (lib/stages/train/trainer_replica.ts, main thread) and its worker
 * replica (lib/stages/train/trainer_worker.ts), one union each way. Each step: "half" (the second
 * half of the batch) → "half" (its loss and first-shard gradients); "share" (the first half's
 * second-shard gradients) → "stepped" (the second shard's new weights); "weights" (the first
 * shard's new weights, no reply).
 */
import type { ElboParts } from "../../core/model/elbo_loss.ts";
import type { NamedArray } from "../../core/model/weights_file.ts";
import type { TrainerConfig } from "./train_state.ts";

/** A batch as arrays: images [rows, 784] and noise [rows, latent], row-major. */
export interface BatchArrays {
  x: Float32Array;
  eps: Float32Array;
  rows: number;
}

/** Main thread → replica. */
export type ToReplica =
  | { kind: "init"; config: TrainerConfig }
  /** The second half of a batch; absent arrays and rows 0 for an empty half. */
  | { kind: "half"; x?: Float32Array; eps?: Float32Array; rows: number }
  /** The first half's gradients of the second shard, and the two halves' sizes. */
  | { kind: "share"; grads: Float32Array[]; nA: number; nB: number }
  /** The first shard's new weights. */
  | { kind: "weights"; weights: Float32Array[] }
  | { kind: "evaluate"; batches: BatchArrays[] }
  | { kind: "moments" }
  | { kind: "restore"; arrays: NamedArray[] };

/** Replica → main thread. */
export type FromReplica =
  /** Gradients of the first shard from the second half (null for an empty half) and its loss. */
  | { kind: "half"; grads: Float32Array[] | null; loss: number[] }
  | { kind: "stepped"; weights: Float32Array[] }
  | { kind: "losses"; losses: ElboParts<number>[] }
  | { kind: "moments"; m: Float32Array[]; v: Float32Array[] }
  | { kind: "restored" };
