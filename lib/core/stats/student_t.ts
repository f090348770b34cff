/**
 * Student's t distribution: its quantile and its CDF, from jStat (npm `jstat`, one file, no
 * dependencies; its incomplete-beta routines give t_{0.975,2} = 4.3026527 against the
 * tabulated 4.302653). Used for intervals of a mean and for Welch's test.
 */
import jStatModule from "jstat";

interface StudentT {
  inv(p: number, df: number): number;
  cdf(x: number, df: number): number;
}

// jstat ships no types: the two functions used here, typed once.
const studentt = (jStatModule as unknown as { studentt: StudentT }).studentt;

/**
 * The `p` quantile of Student's t with `df` degrees of freedom (df may be fractional, as
 * Welch's is). RangeError for p outside (0, 1) or df ≤ 0.
 *
 * @example
 * ```ts
 * import { tQuantile } from "./student_t.ts";
 * tQuantile(0.975, 2).toFixed(6); // "4.302653"
 * ```
 */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`t quantile: p must lie in (0, 1), got ${p}`);
  if (!(df > 0)) throw new RangeError(`t quantile: degrees of freedom must be > 0, got ${df}`);
  return studentt.inv(p, df);
}

/**
 * P(T ≤ x) for Student's t with `df` degrees of freedom. RangeError for df ≤ 0.
 *
 * @example
 * ```ts
 * import { tCdf } from "./student_t.ts";
 * tCdf(0, 5); // 0.5
 * ```
 */
export function tCdf(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`t CDF: degrees of freedom must be > 0, got ${df}`);
  return studentt.cdf(x, df);
}
