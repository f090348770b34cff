// Welch's test: its degrees of freedom, interval and p-value against hand-worked values.
import assert from "node:assert/strict";
import { welchDf, welchTest } from "../../../lib/core/stats/welch.ts";

const close = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);

Deno.test("welchDf of s = 1, n = 3 against s = 2, n = 5 is (1/3 + 4/5)² / ((1/3)²/2 + (4/5)²/4) = 5.958763", () => {
  close(welchDf({ mean: 0, std: 1, n: 3 }, { mean: 0, std: 2, n: 5 }), 5.958763, 1e-6, "df");
});

Deno.test("welchDf of equal spreads and sizes is n_a + n_b − 2, and nears the smaller side's n − 1 when that side dominates", () => {
  assert.equal(welchDf({ mean: 0, std: 3, n: 4 }, { mean: 9, std: 3, n: 4 }), 6);
  close(welchDf({ mean: 0, std: 100, n: 3 }, { mean: 0, std: 0.001, n: 30 }), 2, 1e-6, "dominated df");
});

Deno.test("welchTest of {0, 2} against {3, 5}: Δ 3, df 2, interval 3 ± 4.302653·√2, p = 1 − (3/√2)/√6.5", () => {
  const a = { mean: 1, std: Math.SQRT2, n: 2 };
  const b = { mean: 4, std: Math.SQRT2, n: 2 };
  const r = welchTest(a, b);
  assert.equal(r.difference, 3);
  close(r.df, 2, 1e-12, "df");
  close(r.standardError, Math.SQRT2, 1e-12, "standard error");
  close(r.low, 3 - 4.302653 * Math.SQRT2, 2e-6, "low");
  close(r.high, 3 + 4.302653 * Math.SQRT2, 2e-6, "high");
  // at df = 2, P(T ≤ −t) = 0.5 − t/(2√(t² + 2)) with t = 3/√2
  close(r.p, 1 - (3 / Math.SQRT2) / Math.sqrt(6.5), 1e-8, "p");
  close(r.p, 0.167950, 1e-6, "p to 6 decimals");
});

Deno.test("welchTest of n = 3 per side with equal spreads uses df 4 (t = 2.776445) and a p below 0.05 when |t| exceeds it", () => {
  const a = { mean: 10, std: 1, n: 3 };
  const b = { mean: 13, std: 1, n: 3 };
  const r = welchTest(a, b);
  const se = Math.sqrt(2 / 3);
  close(r.df, 4, 1e-12, "df");
  close(r.high - r.difference, 2.776445 * se, 1e-6, "half width");
  assert.ok(3 / se > 2.776445 && r.p < 0.05, `p ${r.p}`);
  assert.equal(welchTest(b, a).difference, -3, "the difference is b − a");
});

Deno.test("welchTest with no spread on either side gives no p-value or interval, and refuses n < 2", () => {
  const r = welchTest({ mean: 2, std: 0, n: 3 }, { mean: 8, std: 0, n: 3 });
  assert.equal(r.difference, 6);
  assert.ok(Number.isNaN(r.p) && Number.isNaN(r.low) && Number.isNaN(r.df));
  assert.throws(() => welchTest({ mean: 2, std: NaN, n: 1 }, { mean: 8, std: 1, n: 3 }), RangeError);
});
