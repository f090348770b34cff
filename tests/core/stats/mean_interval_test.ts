// The Student t interval of a mean against hand-worked values.
import assert from "node:assert/strict";
import { meanInterval } from "../../../lib/core/stats/mean_interval.ts";

const close = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);

Deno.test("meanInterval of three values is mean ± t_{0.975,2}·s/√3 = 2 ± 4.302653/√3", () => {
  const r = meanInterval([1, 2, 3]);
  assert.deepEqual([r.mean, r.std, r.n, r.level], [2, 1, 3, 0.95]);
  close(r.low, 2 - 4.302653 / Math.sqrt(3), 1e-6, "low");
  close(r.high, 2 + 4.302653 / Math.sqrt(3), 1e-6, "high");
});

Deno.test("meanInterval of five values uses t_{0.975,4} = 2.776445", () => {
  const values = [10, 12, 11, 13, 14];
  const s = Math.sqrt(2.5); // squares about 12: 4 + 0 + 1 + 1 + 4 = 10, over 4
  const r = meanInterval(values);
  close(r.std, s, 1e-12, "std");
  close(r.high - r.mean, 2.776445 * s / Math.sqrt(5), 1e-6, "half width");
});

Deno.test("meanInterval of equal values is the single point, and of one value has no interval", () => {
  const constant = meanInterval([4, 4, 4]);
  assert.deepEqual([constant.std, constant.low, constant.high], [0, 4, 4]);
  const one = meanInterval([7]);
  assert.ok(Number.isNaN(one.std) && Number.isNaN(one.low) && Number.isNaN(one.high));
});
