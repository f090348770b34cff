/**
 * The Web Worker behind `createTrainer(config, { workers: 2 })`: a replica of the training
 * state that computes the second half of every batch, combines the two halves' gradients
 * of the second shard (SHARDS in lib/stages/train/train_state.ts) and updates that shard, and takes the first
 * shard's new weights from the main thread.
 */
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../../core/runtime/backend.ts";
import type { TrainWeights } from "./train_layout.ts";
import { replaceShard, shardArrays, shardFromArrays, SHARDS } from "./shards.ts";
import { stateFromArrays } from "./state_snapshot.ts";
import { applyToState, combineHalves } from "./state_update.ts";
import {
  batchLosses,
  disposeState,
  halfStep,
  initialState,
  type TrainerConfig,
  trainerShape,
  type TrainState,
} from "./train_state.ts";
import { workerEnd } from "../../core/runtime/worker_channel.ts";
import type { FromReplica, ToReplica } from "./replica_protocol.ts";

const port = workerEnd<ToReplica, FromReplica>();
const backend = useBackend("wasm");
let config: TrainerConfig | undefined;
let state: TrainState | undefined;
/** This replica's half-batch gradients, between "half" and "share". */
let own: TrainWeights | undefined;

// Listening from the first line: Deno drops messages that arrive before a worker listens.
port.listen(async (message) => {
  await backend;
  if (message.kind === "init") {
    config = message.config;
    state = initialState(config);
  } else if (message.kind === "half") {
    if (message.rows === 0) {
      own = undefined;
      port.reply({ kind: "half", grads: null, loss: [0, 0, 0] });
      return;
    }
    const x = tf.tensor2d(message.x!, [message.rows, message.x!.length / message.rows]);
    const eps = tf.tensor2d(message.eps!, [message.rows, config!.latentDim]);
    const half = halfStep(state!, x, eps);
    tf.dispose([x, eps]);
    own = half.grads;
    const arrays = shardArrays(half.grads, SHARDS[0]);
    port.reply({ kind: "half", grads: arrays, loss: half.loss }, arrays);
  } else if (message.kind === "share") {
    const firstGrads = shardFromArrays(message.grads, state!.weights, SHARDS[1]);
    const grads = combineHalves(firstGrads, message.nA, own, message.nB, SHARDS[1]);
    applyToState(state!, grads, config!.lr, SHARDS[1]);
    tf.dispose([...Object.values(firstGrads), ...Object.values(grads), ...Object.values(own ?? {})]);
    own = undefined;
    const weights = shardArrays(state!.weights, SHARDS[1]);
    port.reply({ kind: "stepped", weights }, weights);
  } else if (message.kind === "weights") {
    replaceShard(state!.weights, SHARDS[0], message.weights);
  } else if (message.kind === "evaluate") {
    const batches = message.batches.map((b) => ({
      x: tf.tensor2d(b.x, [b.rows, b.x.length / b.rows]),
      eps: tf.tensor2d(b.eps, [b.rows, config!.latentDim]),
    }));
    const losses = batchLosses(state!, batches);
    tf.dispose(batches.flatMap((b) => [b.x, b.eps]));
    port.reply({ kind: "losses", losses });
  } else if (message.kind === "moments") {
    const m = shardArrays(state!.adam.m, SHARDS[1]);
    const v = shardArrays(state!.adam.v, SHARDS[1]);
    port.reply({ kind: "moments", m, v }, [...m, ...v]);
  } else if (message.kind === "restore") {
    const restored = stateFromArrays(message.arrays, trainerShape(config!));
    disposeState(state!);
    state = restored;
    port.reply({ kind: "restored" });
  }
});
