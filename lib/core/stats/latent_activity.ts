/**
 * Which latent dimensions the encoder uses: a dimension is active when the variance of its
 * z_mean over the test images exceeds 0.01 (Burda, Grosse & Salakhutdinov 2015). An inactive
 * dimension has z_mean ≈ 0 and σ ≈ 1 for every image: the prior, which tells the decoder
 * nothing, and (for a decoder that learned to ignore it) moves the image little when sampled.
 */

/** The variance threshold of an active unit. */
export const ACTIVE_UNIT_THRESHOLD = 0.01;

/**
 * The variance over rows of each column of `values` (rows × dims, row-major), two-pass in
 * float64; the population variance (divided by rows).
 */
export function columnVariances(values: ArrayLike<number>, dims: number): number[] {
  const rows = values.length / dims;
  const mean = new Float64Array(dims);
  for (let i = 0; i < values.length; i++) mean[i % dims]! += values[i]!;
  for (let d = 0; d < dims; d++) mean[d]! /= rows;
  const variance = new Float64Array(dims);
  for (let i = 0; i < values.length; i++) variance[i % dims]! += (values[i]! - mean[i % dims]!) ** 2;
  return [...variance].map((v) => v / rows);
}

/**
 * How many of the variances exceed `threshold`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { activeUnits } from "./latent_activity.ts";
 * assert.equal(activeUnits([0.5, 0.001, 0.02]), 2);
 * ```
 */
export function activeUnits(variances: readonly number[], threshold = ACTIVE_UNIT_THRESHOLD): number {
  return variances.filter((v) => v > threshold).length;
}
