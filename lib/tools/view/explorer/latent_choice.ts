/**
 * The explorer's choices about latent dimensions, as pure functions: which dimensions noise
 * mode samples, the order of the dimension table, the latent map's two axes and the box of
 * latent values it spans.
 */
import type { DimensionOrder, NoiseMode } from "./explorer_handle.ts";

/**
 * 1 for each dimension that noise mode `mode` samples, 0 for the others: all of them, the
 * active ones, the inactive ones, or dimension `dim` alone.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { noiseMask } from "./latent_choice.ts";
 * assert.deepEqual([...noiseMask("inactive", [true, false, true], 0)], [0, 1, 0]);
 * ```
 */
export function noiseMask(mode: NoiseMode, active: readonly boolean[], dim: number): Float32Array {
  return Float32Array.from(
    active,
    (isActive, d) =>
      mode === "all" || (mode === "active" && isActive) || (mode === "inactive" && !isActive) ||
        (mode === "one" && d === dim)
        ? 1
        : 0,
  );
}

/**
 * Dimension indices in the table's order: by index, by KL (largest first) or by σ (smallest
 * first: the dimensions the encoder pins down for this image); ties by index.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dimensionOrder } from "./latent_choice.ts";
 * assert.deepEqual(dimensionOrder("kl", [0.1, 3, 1], [1, 0.2, 0.5]), [1, 2, 0]);
 * assert.deepEqual(dimensionOrder("sigma", [0.1, 3, 1], [1, 0.2, 0.5]), [1, 2, 0]);
 * ```
 */
export function dimensionOrder(
  order: DimensionOrder,
  kl: ArrayLike<number>,
  sigma: ArrayLike<number>,
): number[] {
  const dims = Array.from({ length: kl.length }, (_, d) => d);
  if (order === "kl") return dims.sort((a, b) => kl[b]! - kl[a]! || a - b);
  if (order === "sigma") return dims.sort((a, b) => sigma[a]! - sigma[b]! || a - b);
  return dims;
}

/**
 * The latent map's axes: [0, 1] for a 2-dimensional latent, otherwise the two dimensions with
 * the most KL, the larger first.
 */
export function mapDimensions(kl: ArrayLike<number>): [number, number] {
  const [a, b] = dimensionOrder("kl", kl, kl);
  if (a === undefined || b === undefined) {
    throw new RangeError(`a latent map needs 2 dimensions, got ${kl.length}`);
  }
  return kl.length === 2 ? [0, 1] : [a, b];
}

/**
 * The box of latent values the map spans: the points' extent along dimensions `dims` (rows of
 * `points`, `width` values each), widened to at least ±2 (the prior's 2σ) and by a tenth on
 * every side.
 */
export function mapBox(
  points: ArrayLike<number>,
  width: number,
  dims: [number, number],
): { xMin: number; xMax: number; yMin: number; yMax: number } {
  const extent = (d: number) => {
    let min = -2;
    let max = 2;
    for (let i = d; i < points.length; i += width) {
      min = Math.min(min, points[i]!);
      max = Math.max(max, points[i]!);
    }
    const pad = (max - min) / 10;
    return [min - pad, max + pad] as const;
  };
  const [xMin, xMax] = extent(dims[0]);
  const [yMin, yMax] = extent(dims[1]);
  return { xMin, xMax, yMin, yMax };
}
