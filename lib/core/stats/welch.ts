/**
 * Welch's test of a difference of two means: the difference, its confidence interval with
 * the Welch–Satterthwaite degrees of freedom, and the two-sided p-value of "no difference".
 * No equal-variance assumption, which two configurations rarely meet.
 */
import { tCdf, tQuantile } from "./student_t.ts";

/** One side: a mean, its sample standard deviation and n. */
export interface Sample {
  mean: number;
  std: number;
  n: number;
}

/** The difference `b − a` and what Welch's test says of it. */
export interface WelchResult {
  /** b.mean − a.mean. */
  difference: number;
  /** Standard error of the difference, √(s_a²/n_a + s_b²/n_b). */
  standardError: number;
  /** Welch–Satterthwaite degrees of freedom; NaN when the standard error is 0. */
  df: number;
  level: number;
  /** Interval of the difference; NaN ends when the standard error is 0. */
  low: number;
  high: number;
  /** Two-sided p-value; NaN when the standard error is 0 (no spread on either side). */
  p: number;
}

/**
 * Welch's degrees of freedom: (v_a + v_b)² / (v_a²/(n_a−1) + v_b²/(n_b−1)) with v = s²/n.
 *
 * @example
 * ```ts
 * import { welchDf } from "./welch.ts";
 * // equal spreads and sizes give n_a + n_b − 2
 * welchDf({ mean: 0, std: 1, n: 3 }, { mean: 1, std: 1, n: 3 }); // 4
 * ```
 */
export function welchDf(a: Sample, b: Sample): number {
  const va = a.std ** 2 / a.n;
  const vb = b.std ** 2 / b.n;
  return (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
}

/**
 * Welch's test of `b.mean − a.mean` at confidence `level`. RangeError when a side has fewer
 * than 2 values (its spread is unknown).
 *
 * @example
 * ```ts
 * import { welchTest } from "./welch.ts";
 * const r = welchTest({ mean: 0, std: 1, n: 3 }, { mean: 0, std: 1, n: 3 });
 * r.p; // 1
 * ```
 */
export function welchTest(a: Sample, b: Sample, level = 0.95): WelchResult {
  if (a.n < 2 || b.n < 2) {
    throw new RangeError(`Welch's test needs n ≥ 2 per side, got ${a.n} and ${b.n}`);
  }
  const difference = b.mean - a.mean;
  const standardError = Math.sqrt(a.std ** 2 / a.n + b.std ** 2 / b.n);
  if (standardError === 0) {
    return { difference, standardError, df: NaN, level, low: NaN, high: NaN, p: NaN };
  }
  const df = welchDf(a, b);
  const half = tQuantile((1 + level) / 2, df) * standardError;
  const t = difference / standardError;
  const p = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  return { difference, standardError, df, level, low: difference - half, high: difference + half, p };
}
