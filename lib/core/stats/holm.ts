/**
 * Holm's step-down correction of p-values for many tests at once (Holm 1979): it keeps the
 * chance of any false "differs" among them at the nominal level, with no assumption about
 * how the tests depend on each other, and is never less powerful than Bonferroni.
 */

/**
 * Holm-adjusted p-values, in the order of `pValues`: sorted ascending, the i-th (from 0) is
 * multiplied by m − i, made non-decreasing, and capped at 1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { holmAdjust } from "./holm.ts";
 * // sorted 0.01, 0.02, 0.04 → 3·0.01, max(0.03, 2·0.02), max(0.04, 1·0.04)
 * assert.deepEqual(holmAdjust([0.04, 0.01, 0.02]).map((p) => +p.toFixed(10)), [0.04, 0.03, 0.04]);
 * ```
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p || x.i - y.i);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
