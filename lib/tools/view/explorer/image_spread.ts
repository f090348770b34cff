/**
 * Two per-image statistics of the explorer, in plain loops over float32 arrays that round
 * exactly where tfjs' "cpu" backend rounds, so they give its floats bit for bit:
 * - the per-pixel standard deviation of K passes, as
 *   `tf.sqrt(tf.mul(tf.moments(passes, 0).variance, K / (K − 1)))`;
 * - the RMS change of each of some images from one reference image, as
 *   `tf.sqrt(tf.mean(tf.square(tf.sub(images, reference)), 1))`.
 *
 * Why not those tf calls: on the cpu backend a reduction over axis 0 transposes, and a
 * binary op whose operands broadcast computes every element's index through allocated
 * arrays; for the 50-epoch latent-32 model these two took ~9 and ~6 ms of the explorer's
 * new-digit update (measured in Chromium on a loaded 2-core machine), the loops below well
 * under 1 ms. The cpu kernels compute each element in float64 and store it into a
 * Float32Array, and sum a row in float64 from first to last; `Math.fround` stands for that
 * store, and a mean divides each element by the count before summing, as tfjs' Mean does.
 */

const f32 = Math.fround;

/**
 * Per-pixel standard deviation of `count` images of `width` values each, back to back in
 * `images`, with count − 1 in the denominator (count ≥ 2).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { passSpread } from "./image_spread.ts";
 * // Pixel 0 is 0 then 2 (std √2), pixel 1 is 1 twice (std 0).
 * assert.deepEqual([...passSpread(Float32Array.of(0, 1, 2, 1), 2, 2)], [Math.fround(Math.SQRT2), 0]);
 * ```
 */
export function passSpread(images: Float32Array, count: number, width: number): Float32Array {
  const n = f32(count);
  const mean = new Float32Array(width);
  for (let i = 0; i < width; i++) {
    let sum = 0;
    for (let k = 0; k < count; k++) sum += f32(images[k * width + i]! / n);
    mean[i] = sum;
  }
  const correction = f32(count / (count - 1));
  const std = new Float32Array(width);
  for (let i = 0; i < width; i++) {
    let sum = 0;
    for (let k = 0; k < count; k++) {
      const deviation = f32(images[k * width + i]! - mean[i]!);
      sum += f32(f32(deviation * deviation) / n);
    }
    std[i] = Math.sqrt(f32(f32(sum) * correction));
  }
  return std;
}

/**
 * RMS over pixels of each of the `images` (rows of `reference.length` values, back to back)
 * minus `reference`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rmsChange } from "./image_spread.ts";
 * // Row 0 differs by 3 in both pixels, row 1 not at all.
 * assert.deepEqual([...rmsChange(Float32Array.of(4, 5, 1, 2), Float32Array.of(1, 2))], [3, 0]);
 * ```
 */
export function rmsChange(images: Float32Array, reference: Float32Array): Float32Array {
  const width = reference.length;
  const n = f32(width);
  const rows = Math.floor(images.length / width);
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let i = 0; i < width; i++) {
      const change = f32(images[r * width + i]! - reference[i]!);
      sum += f32(f32(change * change) / n);
    }
    out[r] = Math.sqrt(f32(sum));
  }
  return out;
}
