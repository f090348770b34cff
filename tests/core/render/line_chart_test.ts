// lineChartSpec() drawn by vegaLiteSvg(): every point where the data put it, whole-number epoch ticks, the y axis spanning the data, labels escaped.
import assert from "node:assert/strict";
import { lineChartSpec } from "../../../lib/core/render/line_chart.ts";
import { vegaLiteSvg } from "../../../lib/core/render/vega_svg.ts";
import { axisSpan, markData, tickLabels } from "./_svg_marks.ts";

const CHART = {
  title: "loss",
  xLabel: "epoch",
  yLabel: "loss (nats)",
  integerX: true,
  series: [
    { label: "train", color: "#1f77b4", points: [[1, 200], [2, 171.5], [3, 160.25]] as [number, number][] },
    { label: "validation", color: "#d62728", points: [[1, 190], [2, 168], [3, 163]] as [number, number][] },
  ],
};

Deno.test("a line chart draws one point per data point, with the values it was given", async () => {
  const svg = await vegaLiteSvg(lineChartSpec(CHART));
  const points = markData(svg, "point").map((
    p,
  ) => [p["series"], Number(p["epoch"]), Number(p["loss (nats)"])]);
  assert.deepEqual(points, CHART.series.flatMap((s) => s.points.map(([x, y]) => [s.label, x, y])));
  // Each series' line passes through its points, in the series' colour.
  assert.equal([...svg.matchAll(/aria-roledescription="line mark"[^>]*stroke="#1f77b4"/g)].length, 1);
  assert.equal([...svg.matchAll(/aria-roledescription="line mark"[^>]*stroke="#d62728"/g)].length, 1);
});

Deno.test("a line chart over 3 epochs ticks only whole epochs, never 1.5 or 2.5", async () => {
  const svg = await vegaLiteSvg(lineChartSpec(CHART));
  assert.deepEqual(tickLabels(svg, "X"), ["1", "2", "3"]);
  assert.deepEqual(axisSpan(svg, "X"), [1, 3]);
});

Deno.test("a line chart's y axis spans the data and does not start at zero", async () => {
  const svg = await vegaLiteSvg(lineChartSpec(CHART));
  const [low, high] = axisSpan(svg, "Y");
  assert.ok(low > 0 && low <= 160.25 && high >= 200, `y axis from ${low} to ${high}`);
  const ticks = tickLabels(svg, "Y").map(Number);
  assert.ok(ticks.every((t) => t >= low && t <= high), ticks.join(","));
});

Deno.test("a line chart writes a series label with markup in it as text", async () => {
  const label = `<script>alert(1)</script>`;
  const svg = await vegaLiteSvg(lineChartSpec({ ...CHART, series: [{ ...CHART.series[0]!, label }] }));
  assert.ok(!svg.includes("<script"), "markup in a label reached the SVG");
  assert.ok(svg.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  assert.equal(markData(svg, "point")[0]!["series"], label);
});
