/**
 * Every random draw of training and evaluation is a pure function of (seed, purpose,
 * counters): a resumed run needs no hidden generator state, and any epoch or step can be
 * re-drawn alone. Each stream's seed is the first 48 bits of SHA-256 of its name, fed to
 * tfjs' seeded generators (computed in JS, so identical on every backend).
 */
import * as tf from "@tensorflow/tfjs";
import { sha256Hex } from "../runtime/hash.ts";

/**
 * A 48-bit integer seed for the stream named by `parts`.
 *
 * @example
 * ```ts
 * import { streamSeed } from "./rng_streams.ts";
 * streamSeed(1, "eps", 3, 7) === streamSeed(1, "eps", 3, 7); // true
 * ```
 */
export function streamSeed(...parts: (string | number)[]): number {
  return parseInt(sha256Hex(parts.join("/")).slice(0, 12), 16);
}

/** The order in which epoch `epoch` visits the `n` training images (a permutation of 0..n−1). */
export function epochPermutation(seed: number, epoch: number, n: number): Int32Array {
  const indices = tf.tidy(() => {
    const keys = tf.randomUniform([n], 0, 1, "float32", streamSeed(seed, "shuffle", epoch));
    // sorted=true matters: with k = n, an unsorted top-k returns the indices in their original order.
    return tf.topk(keys, n, true).indices;
  });
  // Read outside tf.tidy(), which would walk every element of a returned typed array.
  const order = indices.dataSync() as Int32Array;
  indices.dispose();
  return order;
}

/** The seed of {@link stepEpsilon}'s draws (the native engine draws the same values in C). */
export function stepEpsilonSeed(seed: number, epoch: number, step: number): number {
  return streamSeed(seed, "eps", epoch, step);
}

/** ε ~ N(0, I) for training step `step` of epoch `epoch`: `rows` × `latentDim`. */
export function stepEpsilon(
  seed: number,
  epoch: number,
  step: number,
  rows: number,
  latentDim: number,
): tf.Tensor2D {
  return tf.randomNormal([rows, latentDim], 0, 1, "float32", stepEpsilonSeed(seed, epoch, step));
}

/** The seed of {@link validationEpsilon}'s draws (the native engine draws the same values in C). */
export function validationEpsilonSeed(seed: number, epoch: number, batch: number): number {
  return streamSeed(seed, "val-eps", epoch, batch);
}

/** ε for validation batch `batch` after epoch `epoch`. */
export function validationEpsilon(
  seed: number,
  epoch: number,
  batch: number,
  rows: number,
  latentDim: number,
): tf.Tensor2D {
  return tf.randomNormal([rows, latentDim], 0, 1, "float32", validationEpsilonSeed(seed, epoch, batch));
}
