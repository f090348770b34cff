/**
 * What the loop over a chunk's stochastic passes takes and gives, shared by its two makers:
 * tfjs ops on either engine's kernels (lib/stages/evaluate/stochastic_passes.ts) and the native
 * engine's loop on plain arrays (lib/stages/evaluate/native_passes.ts). Both draw the same ε.
 */
import * as tf from "@tensorflow/tfjs";
import type { KerasModels } from "../../core/model/keras_models.ts";
import { streamSeed } from "../../core/model/rng_streams.ts";
import type { ChunkBuffers } from "./chunk_buffers.ts";
import type { PassTimer } from "./pass_timer.ts";

/**
 * Passes whose per-image BCE and RMS feed the evaluation-seed noise estimate: 20 give a
 * stable variance per image, and more would only cost time.
 */
export const NOISE_PASSES = 20;

/** The seed of {@link passEpsilon}'s draws (the native engine draws the same values in C). */
export function passEpsilonSeed(seed: number, chunk: number, pass: number): number {
  return streamSeed(seed, "evaluate", chunk, pass);
}

/** The ε of pass `pass` (1-based) for chunk `chunk`: a pure function of the seed. */
export function passEpsilon(
  seed: number,
  chunk: number,
  pass: number,
  rows: number,
  latentDim: number,
): tf.Tensor2D {
  return tf.randomNormal([rows, latentDim], 0, 1, "float32", passEpsilonSeed(seed, chunk, pass));
}

/** A chunk's images, their encoding and mean decode, and what to run. */
export interface PassLoopInputs {
  models: KerasModels;
  /** The chunk's images, rows × 784. */
  x: tf.Tensor2D;
  zMean: tf.Tensor2D;
  zLogVar: tf.Tensor2D;
  /** decoder(z_mean). */
  meanDecode: tf.Tensor2D;
  passes: number;
  seed: number;
  chunk: number;
  /** Where the image-sized results go. */
  buffers: ChunkBuffers;
  /** Told the time each part of a pass takes (the native loop; for bench/evaluate_parts.ts). */
  timer?: PassTimer;
}

/** The passes' results: image-sized ones are views of the chunk's buffers. */
export interface PassLoopResult {
  passMean: Float32Array;
  passVariance: Float32Array;
  /** Passes 1, 2 and 3 (pass 2 again as the third when N = 2). */
  kept: [Float32Array, Float32Array, Float32Array];
  /** Per image: Σ-pixel BCE(x, y_1). */
  negElboRecon: Float32Array;
  reconVarianceAcrossPasses: Float64Array;
  rmsVarianceAcrossPasses: Float64Array;
  importanceWeightedBound: Float64Array;
  /** Largest |vae(x, ε_1) − y_1|: must be 0. */
  vaeVersusDecoderMaxAbs: number;
}
