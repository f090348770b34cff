/**
 * How the comparison writes a number and a statistic: about four significant digits, a mean
 * ± std with the std to the mean's decimals, and the interval of the mean after it.
 */
import type { MeanInterval } from "../../core/stats/mean_interval.ts";
import type { MeanStd } from "./mean_std.ts";

/** A number to about four significant digits, "—" when not finite. */
export function number(v: number): string {
  if (!Number.isFinite(v)) return "—";
  const a = Math.abs(v);
  if (a === 0) return "0";
  if (a >= 100) return v.toFixed(2);
  if (a >= 1) return v.toFixed(3);
  return v.toPrecision(4);
}

/**
 * "101.59 ± 0.11": the std to as many decimals as the mean; left out when n < 2.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanStdText } from "./stat_text.ts";
 * assert.equal(meanStdText({ mean: 101.5934, std: 0.1123, n: 3 }), "101.59 ± 0.11");
 * assert.equal(meanStdText({ mean: 0.0600123, std: 0.00031, n: 3 }), "0.06001 ± 0.00031");
 * assert.equal(meanStdText({ mean: 32, std: 0, n: 3 }), "32 ± 0");
 * ```
 */
export function meanStdText(stats: MeanStd): string {
  const mean = meanText(stats);
  if (stats.n < 2 || !Number.isFinite(stats.std)) return mean;
  const decimals = /e/.test(mean) ? 3 : (mean.split(".")[1] ?? "").length;
  return `${mean} ± ${stats.std.toFixed(decimals)}`;
}

/**
 * The mean as {@link number} writes it, but without decimals when it and the std are whole
 * numbers (a count such as active units, the same in every run): "32", not "32.000".
 */
function meanText(stats: MeanStd): string {
  const whole = Number.isInteger(stats.mean) && (stats.n < 2 || Number.isInteger(stats.std));
  return whole ? String(stats.mean) : number(stats.mean);
}

/** "x" with as many decimals as `like` has (three significant digits for exponent notation). */
export function sameDecimals(x: number, like: string): string {
  if (!Number.isFinite(x)) return "—";
  return /e/.test(like) ? x.toPrecision(3) : x.toFixed((like.split(".")[1] ?? "").length);
}

/**
 * "101.59 ± 0.11 [101.32, 101.86]": {@link meanStdText} and the interval of the mean, its
 * ends to as many decimals as the mean; just the mean when n < 2.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanIntervalText } from "./stat_text.ts";
 * const stats = { mean: 101.5934, std: 0.1123, n: 3, level: 0.95, low: 101.3144, high: 101.8724 };
 * assert.equal(meanIntervalText(stats), "101.59 ± 0.11 [101.31, 101.87]");
 * ```
 */
export function meanIntervalText(stats: MeanInterval): string {
  const text = meanStdText(stats);
  if (stats.n < 2 || !Number.isFinite(stats.low)) return text;
  const mean = meanText(stats);
  return `${text} [${sameDecimals(stats.low, mean)}, ${sameDecimals(stats.high, mean)}]`;
}
