/**
 * The parameters of the train stage, with defaults that reproduce the Keras example, and
 * their validation from command-line flags.
 */
import { type BackendName, BACKENDS } from "../runtime/backend.ts";
import { choiceFlag, type FlagValues, numberFlag } from "../cli/flags.ts";

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
}

/** The Keras example's settings. */
export const DEFAULT_TRAIN_PARAMS: TrainParams = {
  epochs: 50,
  batchSize: 128,
  latentDim: 32,
  hiddenDim: 512,
  lr: 1e-3,
  seed: 1,
  backend: "wasm",
};

/** Flag definitions of the train stage's parameters, for parseFlags. */
export const TRAIN_PARAM_FLAGS = {
  epochs: { type: "string" },
  "batch-size": { type: "string" },
  "latent-dim": { type: "string" },
  "hidden-dim": { type: "string" },
  lr: { type: "string" },
  seed: { type: "string" },
  backend: { type: "string" },
} as const;

/** Resolves and validates the train parameters from parsed flags. */
export function trainParamsFromFlags(flags: FlagValues): TrainParams {
  const d = DEFAULT_TRAIN_PARAMS;
  return {
    epochs: numberFlag(flags, "epochs", { default: d.epochs, min: 1, max: 100000, integer: true }),
    batchSize: numberFlag(flags, "batch-size", { default: d.batchSize, min: 1, max: 60000, integer: true }),
    latentDim: numberFlag(flags, "latent-dim", { default: d.latentDim, min: 1, max: 4096, integer: true }),
    hiddenDim: numberFlag(flags, "hidden-dim", { default: d.hiddenDim, min: 1, max: 65536, integer: true }),
    lr: numberFlag(flags, "lr", { default: d.lr, min: Number.MIN_VALUE, max: 10 }),
    seed: numberFlag(flags, "seed", { default: d.seed, min: 0, max: 2 ** 31 - 1, integer: true }),
    backend: choiceFlag(flags, "backend", BACKENDS, d.backend),
  };
}
