/**
 * A mini-batch's rows gathered in plain JS: for this model, tf.gather on the [60000, 784]
 * image tensor in tfjs-backend-wasm 4.22 took ~3.5 ms per batch of 128 (more than a tenth
 * of a training step); copying and scaling 128 rows takes ~0.12 ms. The images stay bytes
 * until then (47 MB for the training set instead of 188 MB of floats).
 */
import { SCALED_PIXEL } from "../fetch_mnist/fetch_mnist_artifact.ts";

/**
 * The rows `indices` of the row-major pixel bytes `pixels` (rows of `width` values), scaled
 * to [0, 1] as the model's inputs (x / 255 in float32, as scalePixels() scales), as one
 * new row-major array.
 *
 * @example
 * ```ts
 * import { gatherScaledRows } from "./batch_rows.ts";
 * gatherScaledRows(new Uint8Array([0, 51, 102, 153, 204, 255]), 2, [2, 0]); // [0.8, 1, 0, 0.2]
 * ```
 */
export function gatherScaledRows(
  pixels: Uint8Array,
  width: number,
  indices: ArrayLike<number>,
): Float32Array {
  const out = new Float32Array(indices.length * width);
  for (let r = 0; r < indices.length; r++) {
    const from = indices[r]! * width;
    const to = r * width;
    for (let j = 0; j < width; j++) out[to + j] = SCALED_PIXEL[pixels[from + j]!]!;
  }
  return out;
}
