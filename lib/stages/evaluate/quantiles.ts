/** Summary statistics of a sample of numbers: mean, linear-interpolated quantiles, max. */
import { sortedFloat32 } from "./sorted_float32.ts";

/** Mean, 50/90/99th percentiles and max. */
export interface Summary {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/**
 * Quantile `q` in [0, 1] of ascending-sorted `sorted`, interpolating linearly between
 * neighbours (numpy's default).
 *
 * @example
 * ```ts
 * import { quantileSorted } from "./quantiles.ts";
 * quantileSorted(new Float64Array([1, 2, 3, 4]), 0.5); // 2.5
 * ```
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new RangeError("quantileSorted(): empty sample");
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/**
 * The {@link Summary} of `values` (a sorted copy, summed in ascending order in double
 * precision; the input is untouched). A Float32Array is sorted by radix sort (the same order,
 * in about a third of the time for the evaluation's millions of pixels).
 */
export function summarize(values: ArrayLike<number>): Summary {
  const sorted = values instanceof Float32Array ? sortedFloat32(values) : Float64Array.from(values).sort();
  let sum = 0;
  // Indexed, not for-of: the same sum, but for-of over 7.84 million values took 0.5–2 s here.
  for (let i = 0; i < sorted.length; i++) sum += sorted[i]!;
  return {
    mean: sum / sorted.length,
    p50: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    p99: quantileSorted(sorted, 0.99),
    max: sorted[sorted.length - 1]!,
  };
}
