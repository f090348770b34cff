// vegaLiteSvg() and svgToPng() give the same bytes for the same spec, whatever was drawn before or at the same time.
import assert from "node:assert/strict";
import { svgToPng } from "../../../lib/core/render/png.ts";
import { lineChartSpec } from "../../../lib/core/render/line_chart.ts";
import { vegaLiteSvg } from "../../../lib/core/render/vega_svg.ts";

/** A chart whose lines are clipped to the plot: Vega numbers its clip paths per process. */
const clipped = (label: string) => {
  const spec = lineChartSpec({
    title: "t",
    xLabel: "x",
    yLabel: "y",
    series: [{ label, color: "#1f77b4", points: [[1, 2], [2, 1], [3, 4]] }],
  });
  return { ...spec, mark: { type: "line" as const, point: true, clip: true } };
};

Deno.test("a spec drawn after other drawings gives the same SVG, clip ids included", async () => {
  const first = await vegaLiteSvg(clipped("a"));
  assert.match(first, /clip-path="url\(#clip1\)"/);
  await vegaLiteSvg(clipped("b"));
  await vegaLiteSvg(clipped("c"));
  assert.equal(await vegaLiteSvg(clipped("a")), first);
});

Deno.test("drawings started together give the SVG each gives alone", async () => {
  const alone = [await vegaLiteSvg(clipped("a")), await vegaLiteSvg(clipped("b"))];
  assert.deepEqual(await Promise.all([vegaLiteSvg(clipped("a")), vegaLiteSvg(clipped("b"))]), alone);
});

Deno.test("a chart rasterised twice gives the same PNG bytes, at the spec's size", async () => {
  const svg = await vegaLiteSvg(clipped("a"));
  const [a, b] = [await svgToPng(svg), await svgToPng(svg)];
  assert.deepEqual(a, b);
  // PNG IHDR: width and height, big-endian, at bytes 16–23.
  const view = new DataView(a.buffer, a.byteOffset);
  assert.deepEqual([view.getUint32(16), view.getUint32(20)], [720, 420]);
});
