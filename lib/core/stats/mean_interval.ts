/**
 * The confidence interval of a mean from n values: mean ± t_{(1+level)/2, n−1} · s/√n
 * (Student t, the values assumed independent draws, e.g. one per training seed).
 */
import { tQuantile } from "./student_t.ts";

/** A mean, the sample standard deviation (n − 1), n, and the interval of the mean. */
export interface MeanInterval {
  mean: number;
  /** Sample standard deviation; NaN for n < 2. */
  std: number;
  n: number;
  /** The interval's confidence level, e.g. 0.95. */
  level: number;
  /** Interval ends; NaN for n < 2 (one value says nothing about its spread). */
  low: number;
  high: number;
}

/**
 * The mean of `values` and its `level` interval (Student t with n − 1 degrees of freedom).
 * When every value is equal the interval is the single point (the spread over these values is
 * zero, a known spread).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanInterval } from "./mean_interval.ts";
 * const { mean, std, low, high } = meanInterval([1, 2, 3]);
 * assert.deepEqual([mean, std], [2, 1]);
 * // 2 ± t_{0.975,2}/√3 = 2 ± 4.302653/1.732051
 * assert.equal(low.toFixed(4), "-0.4841");
 * assert.equal(high.toFixed(4), "4.4841");
 * ```
 */
export function meanInterval(values: readonly number[], level = 0.95): MeanInterval {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { mean, std: NaN, n, level, low: NaN, high: NaN };
  const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const half = std === 0 ? 0 : tQuantile((1 + level) / 2, n - 1) * std / Math.sqrt(n);
  return { mean, std, n, level, low: mean - half, high: mean + half };
}
