// Differences against a baseline configuration: Welch intervals, Holm-corrected p-values, and no verdict below 3 seeds or without spread.
import assert from "node:assert/strict";
import { compareToBaseline, findBaseline, parseBaselineSpec } from "../../../lib/tools/compare/baseline.ts";
import { baselineCsvCells, baselineJson, baselineText } from "../../../lib/tools/compare/baseline_table.ts";
import { groupConfigurations } from "../../../lib/tools/compare/configurations.ts";
import type { MeasuredRun } from "../../../lib/tools/compare/measured_run.ts";
import { holmAdjust } from "../../../lib/core/stats/holm.ts";

const METRICS = [
  "valLoss",
  "negElbo",
  "meanDecodeRecon",
  "reconGap",
  "singlePassRms",
  "pixelVariance",
  "iwBound",
];

/** A run of latent size `latent` whose metrics are all `value`, but active units `active`. */
function run(latent: number, seed: number, value: number, active: number): MeasuredRun {
  return {
    evaluateId: `${latent}-${seed}`,
    modelId: `${latent}-${seed}`,
    setting: { "latent-dim": latent, seed, epochs: 5 },
    metrics: { ...Object.fromEntries(METRICS.map((key) => [key, value])), activeUnits: active },
  };
}

// latent 2: values 0, 2, 4 (mean 2, s = 2); latent 4: 3, 5, 7 (mean 5, s = 2) → df 4, Δ 3;
// latent 8: two seeds only. Active units constant per configuration.
const grouping = groupConfigurations([
  run(2, 1, 0, 2),
  run(2, 2, 2, 2),
  run(2, 3, 4, 2),
  run(4, 1, 3, 4),
  run(4, 2, 5, 4),
  run(4, 3, 7, 4),
  run(8, 1, 1, 8),
  run(8, 2, 9, 8),
]);

Deno.test("each tested difference has the Welch interval Δ ± t_{0.975,4}·SE and p from t = Δ/SE", () => {
  const comparison = compareToBaseline(grouping, "latent-dim=2");
  const d = comparison.differences.find((x) =>
    x.configuration.setting["latent-dim"] === 4 && x.metric === "valLoss"
  )!;
  const se = Math.sqrt(4 / 3 + 4 / 3);
  assert.equal(d.judgement, "tested");
  assert.equal(d.difference, 3);
  assert.equal(d.df, 4);
  assert.ok(Math.abs(d.high! - 3 - 2.776445 * se) < 1e-5, `high ${d.high}`);
  assert.ok(Math.abs(d.low! - 3 + 2.776445 * se) < 1e-5, `low ${d.low}`);
  // t = 3/1.633 = 1.837 < 2.776: not significant even before correction
  assert.ok(d.p! > 0.05 && d.p! < 0.2, `p ${d.p}`);
});

Deno.test("p-values are Holm-corrected over every tested difference, and only those", () => {
  const comparison = compareToBaseline(grouping, "latent-dim=2");
  const tested = comparison.differences.filter((d) => d.judgement === "tested");
  assert.equal(
    comparison.tests,
    7,
    "latent 4's seven spread metrics; latent 8 has 2 seeds, active units no spread",
  );
  assert.equal(tested.length, 7);
  const expected = holmAdjust(tested.map((d) => d.p!));
  assert.deepEqual(tested.map((d) => d.pHolm), expected);
  assert.ok(tested.every((d) => d.pHolm! >= d.p!));
  assert.match(
    baselineText(grouping, comparison),
    /corrects for the 7 differences tested at once \(Holm's step-down method\)/,
  );
});

Deno.test("fewer than 3 seeds on a side gives no interval or p, and says too few seeds to judge", () => {
  const comparison = compareToBaseline(grouping, "latent-dim=2");
  const eight = comparison.differences.filter((d) => d.configuration.setting["latent-dim"] === 8);
  assert.equal(eight.length, 8);
  assert.ok(eight.every((d) => d.judgement === "too few seeds" && d.p === undefined && d.low === undefined));
  const text = baselineText(grouping, comparison);
  assert.match(
    text,
    /^8\s+2\s+final val_loss\s+\+3\.000\s+—\s+—\s+—\s+too few seeds to judge \(n = 2 here and 3 at the baseline; 3 per side needed\)$/m,
  );
});

Deno.test("a metric constant over every seed on both sides is a known zero spread, stated, not tested", () => {
  const comparison = compareToBaseline(grouping, "latent-dim=2");
  const active = comparison.differences.find((d) =>
    d.configuration.setting["latent-dim"] === 4 && d.metric === "activeUnits"
  )!;
  assert.equal(active.judgement, "no spread");
  assert.equal(active.difference, 2);
  assert.match(
    baselineText(grouping, comparison),
    /every run gives 4 here and 2 at the baseline: no spread over seeds, so nothing to test/,
  );
});

Deno.test("the CSV cells and JSON carry the differences, and the baseline's own row says baseline", () => {
  const comparison = compareToBaseline(grouping, "latent-dim=2");
  const [two, four] = grouping.configurations;
  assert.deepEqual(baselineCsvCells(comparison, two!).slice(0, 6), ["", "", "", "", "", "baseline"]);
  const cells = baselineCsvCells(comparison, four!);
  assert.equal(cells[0], "3");
  assert.equal(cells[5], "tested");
  const json = baselineJson(comparison) as {
    tests: number;
    correction: string;
    differences: { ci95?: number[] }[];
  };
  assert.equal(json.tests, 7);
  assert.match(json.correction, /Holm/);
  assert.equal(json.differences.filter((d) => d.ci95 !== undefined).length, 7);
});

Deno.test("--baseline must name exactly one configuration as flag=value, or the refusal names the choices", () => {
  assert.deepEqual(parseBaselineSpec("--latent-dim=4"), [["latent-dim", "4"]]);
  assert.throws(() => parseBaselineSpec("4"), /--baseline "4": expected flag=value pairs/);
  assert.throws(
    () => findBaseline(grouping, "latent-dim=16"),
    /--baseline latent-dim=16: no configuration has that setting; the configurations: latent-dim=2; latent-dim=4; latent-dim=8/,
  );
  assert.throws(
    () => findBaseline(grouping, "epochs=5"),
    /3 configurations match; name one with the varying flags \(latent-dim\)/,
  );
});

Deno.test("--baseline naming a seed is refused: seeds are pooled, and the refusal lists the settings that vary", () => {
  assert.throws(
    () => findBaseline(grouping, "seed=1"),
    /^RangeError: --baseline seed=1: --seed is a seed, and seeds are pooled within a configuration; --baseline names a configuration setting \(the settings that vary here: latent-dim\)$/,
  );
});

Deno.test("--baseline on runs of one configuration is refused rather than giving an empty table", () => {
  const seedsOnly = groupConfigurations([run(32, 1, 0, 32), run(32, 2, 2, 32), run(32, 3, 4, 32)]);
  assert.throws(
    () => findBaseline(seedsOnly, "seed=1"),
    /--baseline seed=1: --seed is a seed, and seeds are pooled within a configuration; --baseline names a configuration setting \(none varies between these runs\)$/,
  );
  assert.throws(
    () => compareToBaseline(seedsOnly, "latent-dim=32"),
    /^RangeError: --baseline latent-dim=32: these runs are one configuration \(seeds are pooled within it; none varies between these runs\), so there is nothing to compare against; give runs of two or more configurations/,
  );
});
