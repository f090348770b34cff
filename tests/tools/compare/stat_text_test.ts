// compare's table cells write a count that is the same whole number in every run without spurious decimals, and measured values as before.
import assert from "node:assert/strict";
import { meanIntervalText, meanStdText } from "../../../lib/tools/compare/stat_text.ts";
import { meanInterval } from "../../../lib/core/stats/mean_interval.ts";

Deno.test("a metric that is the same whole number in every run (active units) is written without decimals", () => {
  assert.equal(meanIntervalText(meanInterval([32, 32, 32])), "32 ± 0 [32, 32]");
  assert.equal(meanStdText(meanInterval([8])), "8");
});

Deno.test("a measured metric keeps its decimals, interval ends to as many as the mean", () => {
  assert.equal(meanIntervalText(meanInterval([101.5, 101.6, 101.7])), "101.60 ± 0.10 [101.35, 101.85]");
  assert.equal(meanIntervalText(meanInterval([18, 19, 21])), "19.333 ± 1.528 [15.539, 23.128]");
});
