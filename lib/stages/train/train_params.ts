/**
 * The parameters of the train stage, with defaults that reproduce the Keras example and
 * their valid ranges.
 */
import { type BackendName, BACKENDS } from "../../core/runtime/backend.ts";
import { type EngineName, ENGINES } from "../../core/engine/engine.ts";
import type { ParamSpecs } from "../../core/cli/params.ts";

/** Everything that determines a trained model (all recorded in the manifest and the id). */
export interface TrainParams {
  /** Passes over the training set (Keras example: 50). */
  epochs: number;
  /** Images per Adam step (Keras example: 128); the last batch of an epoch may be smaller. */
  batchSize: number;
  /** Size of z (Keras example: 32; its docs call it latent_dim). */
  latentDim: number;
  /** Units of the hidden Dense layer of encoder and decoder (Keras example: 512). */
  hiddenDim: number;
  /** Adam learning rate (Keras default: 1e-3). */
  lr: number;
  /** Seed of initial weights, shuffling and ε. */
  seed: number;
  /** tfjs backend: "wasm" (XNNPACK, fast) or "cpu" (pure JS, ~20× slower; a cross-check). */
  backend: BackendName;
  /**
   * "wasm" (the same bytes on every machine) or "native" (matrix products in OpenBLAS, about
   * twice as fast; the same bytes only with the same OpenBLAS, CPU kernel and threads).
   */
  engine: EngineName;
}

/** The train stage's params, their flags, the Keras example's settings as defaults, and valid ranges. */
export const TRAIN_PARAMS: ParamSpecs<TrainParams> = {
  epochs: { flag: "epochs", default: 50, min: 1, max: 100000, integer: true },
  batchSize: { flag: "batch-size", default: 128, min: 1, max: 60000, integer: true },
  latentDim: { flag: "latent-dim", default: 32, min: 1, max: 4096, integer: true },
  hiddenDim: { flag: "hidden-dim", default: 512, min: 1, max: 65536, integer: true },
  lr: { flag: "lr", default: 1e-3, min: Number.MIN_VALUE, max: 10, integer: false },
  seed: { flag: "seed", default: 1, min: 0, max: 2 ** 31 - 1, integer: true },
  backend: { flag: "backend", default: "wasm", choices: BACKENDS },
  engine: { flag: "engine", default: "wasm", choices: ENGINES, absentInOlderRecords: "wasm" },
};
