/**
 * The data's own floor under the Bernoulli reconstruction loss: for a gray pixel value x in
 * (0, 1), BCE(x, p) = −x·ln p − (1 − x)·ln(1 − p) is smallest at p = x, where it equals the
 * binary entropy H(x) = −x·ln x − (1 − x)·ln(1 − x) > 0; only pixels that are exactly 0 or 1
 * can cost nothing. So Σ over an image's pixels of H(x) is the least reconstruction loss any
 * model can reach on it. (Keras' clip of p to [1e−7, 1 − 1e−7] adds at most 1e−7 nats per
 * black or white pixel, under 8e−5 nats for a 28×28 image: left out.)
 */

/**
 * H(x) in nats: −x·ln x − (1 − x)·ln(1 − x), 0 at x = 0 and x = 1.
 *
 * @example
 * ```ts
 * import { binaryEntropy } from "./entropy_floor.ts";
 * binaryEntropy(0.5); // ln 2 = 0.6931…
 * binaryEntropy(1); // 0
 * ```
 */
export function binaryEntropy(x: number): number {
  if (x <= 0 || x >= 1) return 0;
  return -x * Math.log(x) - (1 - x) * Math.log(1 - x);
}

/** One image's floor: Σ over its pixels of H(x), and how many of its pixels are gray (neither 0 nor 1). */
export interface ImageFloor {
  nats: number;
  grayPixels: number;
}

/**
 * The floor of the image in `pixels[start, start + length)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { imageEntropyFloor } from "./entropy_floor.ts";
 * const { nats, grayPixels } = imageEntropyFloor(Float32Array.of(0, 1, 0.5, 0.5), 0, 4);
 * assert.equal(grayPixels, 2);
 * assert.ok(Math.abs(nats - 2 * Math.LN2) < 1e-12);
 * ```
 */
export function imageEntropyFloor(pixels: Float32Array, start: number, length: number): ImageFloor {
  let nats = 0;
  let grayPixels = 0;
  for (let j = start; j < start + length; j++) {
    const x = pixels[j]!;
    if (x > 0 && x < 1) {
      nats += binaryEntropy(x);
      grayPixels++;
    }
  }
  return { nats, grayPixels };
}
