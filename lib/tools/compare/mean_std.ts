/** Mean, sample standard deviation and count of a list of numbers. */

/** mean ± std over n values; std is the sample standard deviation (n − 1), NaN for n < 2. */
export interface MeanStd {
  mean: number;
  std: number;
  n: number;
}

/**
 * The mean, sample standard deviation and count of `values`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanStd } from "./mean_std.ts";
 * assert.deepEqual(meanStd([1, 2, 3]), { mean: 2, std: 1, n: 3 });
 * ```
 */
export function meanStd(values: readonly number[]): MeanStd {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const std = n < 2 ? NaN : Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  return { mean, std, n };
}
