/**
 * The Web Worker behind `createTrainer(config, { workers: 2 })`: a replica of the training
 * state that computes the second half of every batch, then takes the same Adam step as the
 * main thread from the same two halves in the same order.
 */
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "./backend.ts";
import type { TrainWeights } from "./train_layout.ts";
import {
  applyToState,
  combineHalves,
  gradientArrays,
  gradientsFromArrays,
  halfStep,
  initialState,
  stateFromArrays,
  type TrainerConfig,
  trainerShape,
  type TrainState,
} from "./trainer.ts";
import type { NamedArray } from "./weights_file.ts";

type Message =
  | { kind: "init"; config: TrainerConfig }
  | { kind: "half"; x: Float32Array; eps: Float32Array; rows: number }
  | { kind: "share"; grads: Float32Array[]; nA: number; nB: number }
  | { kind: "restore"; arrays: NamedArray[] };

await useBackend("wasm");
const port = self as unknown as Worker;
let config: TrainerConfig | undefined;
let state: TrainState | undefined;
let own: TrainWeights | undefined;

port.onmessage = (e: MessageEvent<Message>) => {
  const message = e.data;
  if (message.kind === "init") {
    config = message.config;
    state = initialState(config);
  } else if (message.kind === "half") {
    const x = tf.tensor2d(message.x, [message.rows, message.x.length / message.rows]);
    const eps = tf.tensor2d(message.eps, [message.rows, config!.latentDim]);
    const half = halfStep(state!, x, eps);
    tf.dispose([x, eps]);
    own = half.grads;
    const arrays = gradientArrays(half.grads);
    port.postMessage({ grads: arrays, loss: half.loss }, arrays.map((a) => a.buffer as ArrayBuffer));
  } else if (message.kind === "share") {
    const first = gradientsFromArrays(message.grads, state!.weights);
    const grads = combineHalves(first, message.nA, own, message.nB);
    applyToState(state!, grads, config!.lr);
    tf.dispose([...Object.values(first), ...Object.values(grads), ...Object.values(own ?? {})]);
    own = undefined;
    port.postMessage({ kind: "stepped" });
  } else if (message.kind === "restore") {
    const restored = stateFromArrays(message.arrays, trainerShape(config!));
    tf.dispose([
      ...Object.values(state!.weights),
      ...Object.values(state!.adam.m),
      ...Object.values(state!.adam.v),
    ]);
    state = restored;
    port.postMessage({ kind: "restored" });
  }
};
port.postMessage({ kind: "ready" });
