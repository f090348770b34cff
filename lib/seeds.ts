/**
 * Every random draw of training is a pure function of (seed, purpose, counters), so a run
 * resumed from a checkpoint needs no hidden generator state and any epoch or step can be
 * re-drawn on its own. A derived seed is the first 48 bits of SHA-256 of the text
 * "<seed>/<purpose>/<counter>/…", an integer below 2^48 that tfjs' seeded generators
 * (seedrandom's alea, run in JS and so the same on every backend) take as their seed.
 */
import * as tf from "@tensorflow/tfjs";
import { createHash } from "node:crypto";

/**
 * The seed of the random stream named by `parts`, derived from the run's `seed`.
 * Distinct names give unrelated streams: "1/eps/3/7" and "1/eps/37" differ.
 *
 * @example
 * ```ts
 * import { deriveSeed } from "./seeds.ts";
 * deriveSeed(1, "eps", 3, 7) === deriveSeed(1, "eps", 3, 7); // true
 * ```
 */
export function deriveSeed(seed: number, ...parts: (string | number)[]): number {
  const digest = createHash("sha256").update([seed, ...parts].join("/")).digest("hex");
  return parseInt(digest.slice(0, 12), 16);
}

/**
 * ε ~ N(0, I) of shape [rows, latentDim] for training step `step` (0-based) of epoch
 * `epoch`: the noise of the reparameterisation z = μ + σ·ε.
 *
 * @example
 * ```ts
 * import { stepEpsilon } from "./seeds.ts";
 * const eps = stepEpsilon(1, 0, 0, 128, 32); // [128, 32]
 * eps.dispose();
 * ```
 */
export function stepEpsilon(
  seed: number,
  epoch: number,
  step: number,
  rows: number,
  latentDim: number,
): tf.Tensor2D {
  return tf.randomNormal([rows, latentDim], 0, 1, "float32", deriveSeed(seed, "eps", epoch, step));
}

/**
 * ε for validation batch `batch` after epoch `epoch` (one sampled z per image, as Keras
 * computes val_loss); a stream separate from training's.
 */
export function validationEpsilon(
  seed: number,
  epoch: number,
  batch: number,
  rows: number,
  latentDim: number,
): tf.Tensor2D {
  return tf.randomNormal([rows, latentDim], 0, 1, "float32", deriveSeed(seed, "val-eps", epoch, batch));
}

/**
 * The order in which epoch `epoch` visits `n` training images: a Fisher–Yates shuffle of
 * 0..n−1 driven by one seeded tf.randomUniform draw, so it is the same on every backend.
 *
 * @example
 * ```ts
 * import { epochPermutation } from "./seeds.ts";
 * [...epochPermutation(1, 0, 5)].sort(); // [0, 1, 2, 3, 4]
 * ```
 */
export function epochPermutation(seed: number, epoch: number, n: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (n < 2) return order;
  const draw = tf.randomUniform([n], 0, 1, "float32", deriveSeed(seed, "shuffle", epoch));
  const u = draw.dataSync();
  draw.dispose();
  for (let i = n - 1; i > 0; i--) {
    // u < 1, but float32 rounding can make u·(i + 1) reach i + 1.
    const j = Math.min(i, Math.floor(u[i]! * (i + 1)));
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  return order;
}
