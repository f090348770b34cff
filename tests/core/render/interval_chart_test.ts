// intervalChartSpec() drawn by vegaLiteSvg(): a mean point and an interval bar from low to high for each configuration, none where n < 2, axes spanning every end.
import assert from "node:assert/strict";
import { intervalChartSpec, type IntervalPoint } from "../../../lib/core/render/interval_chart.ts";
import { vegaLiteSvg } from "../../../lib/core/render/vega_svg.ts";
import { axisSpan, markData, tickLabels } from "./_svg_marks.ts";

const POINTS: IntervalPoint[] = [
  { x: 2, mean: 150, low: 140.5, high: 159.5, n: 3 },
  { x: 8, mean: 110, low: 105, high: 115, n: 3 },
  { x: 32, mean: 90, low: NaN, high: NaN, n: 1 },
  { x: 64, mean: 89, low: 70, high: 108, n: 2 },
];

const chart = (points = POINTS) =>
  intervalChartSpec({
    title: "recon",
    xLabel: "latent-dim",
    yLabel: "recon (nats)",
    intervalLabel: "95 % interval of the mean",
    series: [{ label: "mean over seeds", color: "#1f77b4", points }],
  });

Deno.test("an interval chart draws each mean as a point and each interval as a bar from its low to its high end", async () => {
  const svg = await vegaLiteSvg(chart());
  const means = markData(svg, "point").map((
    p,
  ) => [Number(p["latent-dim (log scale)"]), Number(p["recon (nats)"])]);
  assert.deepEqual(means, POINTS.map((p) => [p.x, p.mean]));
  // A bar's y (labelled with the axis title) is its low end, its y2 the high end.
  const bars = markData(svg, "rule mark").map((
    r,
  ) => [Number(r["latent-dim (log scale)"]), Number(r["recon (nats)"]), Number(r["high"])]);
  assert.deepEqual(bars, [[2, 140.5, 159.5], [8, 105, 115], [64, 70, 108]]);
});

Deno.test("an interval chart draws no bar for a configuration of one seed, and says so", async () => {
  const spec = chart();
  assert.deepEqual(spec.data.values.find((v) => v.x === 32), {
    series: "mean over seeds",
    x: 32,
    mean: 90,
    low: null,
    high: null,
    n: 1,
  });
  const svg = await vegaLiteSvg(spec);
  assert.ok(!markData(svg, "rule mark").some((r) => r["latent-dim (log scale)"] === "32"));
  assert.match(svg, /none where n &lt; 2/);
});

Deno.test("an interval chart's y axis spans every interval end; x is log₂ with a tick at each x", async () => {
  const svg = await vegaLiteSvg(chart());
  const [low, high] = axisSpan(svg, "Y");
  assert.ok(low <= 70 && high >= 159.5, `y axis from ${low} to ${high}`);
  assert.ok(high - low < 2 * (159.5 - 70), `y axis from ${low} to ${high} is not fitted to the data`);
  assert.deepEqual(tickLabels(svg, "X"), ["2", "8", "32", "64"]);
  assert.match(svg, /X-axis titled 'latent-dim \(log scale\)' for a log scale/);
});

Deno.test("an interval chart of x values within a factor of 8 keeps a linear x axis", async () => {
  const svg = await vegaLiteSvg(chart(POINTS.slice(0, 2)));
  assert.match(svg, /X-axis titled 'latent-dim' for a linear scale/);
  assert.deepEqual(tickLabels(svg, "X"), ["2", "8"]);
});

Deno.test("an interval chart labels x values in the thousands as plain numbers, not in e-notation", async () => {
  const points = [
    { x: 2000, mean: 150, low: 140, high: 160, n: 3 },
    { x: 10000, mean: 120, low: 110, high: 130, n: 3 },
  ];
  const svg = await vegaLiteSvg(chart(points));
  assert.deepEqual(tickLabels(svg, "X"), ["2000", "10000"]);
});
