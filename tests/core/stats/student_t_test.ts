// Student t quantiles and CDF agree with published table values and closed forms.
import assert from "node:assert/strict";
import { tCdf, tQuantile } from "../../../lib/core/stats/student_t.ts";

const close = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);

Deno.test("tQuantile(0.975, df) matches the t table to 6 decimals for df 1, 2, 4, 10 and 30", () => {
  // Published two-sided 95 % critical values (e.g. NIST/SEMATECH e-Handbook, table 1.4.7.2).
  const table: [number, number][] = [[1, 12.706205], [2, 4.302653], [4, 2.776445], [10, 2.228139], [
    30,
    2.042272,
  ]];
  for (const [df, value] of table) close(tQuantile(0.975, df), value, 5e-6, `t_{0.975,${df}}`);
  close(tQuantile(0.95, 5), 2.015048, 5e-6, "t_{0.95,5}");
});

Deno.test("tQuantile at df = 2 and fractional df follows the closed form (2p − 1)/√(2p(1 − p)) and lies between its integer neighbours", () => {
  for (const p of [0.6, 0.9, 0.975, 0.995]) {
    close(tQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 1e-7, `t_{${p},2}`);
  }
  const welchLike = tQuantile(0.975, 5.958763);
  assert.ok(welchLike < tQuantile(0.975, 5) && welchLike > tQuantile(0.975, 6), String(welchLike));
});

Deno.test("tCdf gives the Cauchy value at df = 1 and 0.5 + x/(2√(x² + 2)) at df = 2", () => {
  close(tCdf(1, 1), 0.75, 1e-8, "Cauchy CDF at 1");
  for (const x of [-2, -0.5, 0, 1.3, 4]) {
    close(tCdf(x, 2), 0.5 + x / (2 * Math.sqrt(x * x + 2)), 1e-8, `x = ${x}`);
  }
  close(tCdf(-2.776445, 4), 0.025, 1e-7, "the lower 2.5 % point at df = 4");
});

Deno.test("tQuantile and tCdf refuse a probability outside (0, 1) and df ≤ 0", () => {
  assert.throws(() => tQuantile(1, 3), RangeError);
  assert.throws(() => tQuantile(0.5, 0), RangeError);
  assert.throws(() => tCdf(0.5, -1), RangeError);
});
