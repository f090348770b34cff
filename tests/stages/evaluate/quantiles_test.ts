// summarize() gives the mean, numpy-style interpolated percentiles and the max, and quantileSorted() interpolates between neighbours and refuses an empty sample.
import assert from "node:assert/strict";
import { quantileSorted, summarize } from "../../../lib/stages/evaluate/quantiles.ts";

Deno.test("summarize() gives mean, interpolated percentiles and max like numpy", () => {
  const values = Float32Array.from({ length: 101 }, (_, i) => 100 - i); // 100..0, unsorted
  const s = summarize(values);
  assert.equal(s.mean, 50);
  assert.equal(s.p50, 50);
  assert.equal(s.p90, 90);
  assert.equal(s.p99, 99);
  assert.equal(s.max, 100);
  assert.equal(values[0], 100, "input left untouched");
});

Deno.test("quantileSorted() interpolates between neighbours and rejects an empty sample", () => {
  assert.equal(quantileSorted([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(quantileSorted([1, 2, 3, 4], 1), 4);
  assert.throws(() => quantileSorted([], 0.5), RangeError);
});
