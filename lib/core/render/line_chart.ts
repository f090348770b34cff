/**
 * A line chart declared in Vega-Lite: one or more series over a shared numeric x axis, each
 * point marked, with a legend (click it to pick series) and the values on hover. Builds the
 * spec only; lib/core/render/vega_svg.ts draws it.
 */
import { chartFrame, legendSelection, PICKED_OPACITY } from "./chart_style.ts";
import type { VegaLiteSpec } from "./vega_svg.ts";

/** One series to draw. */
export interface Series {
  label: string;
  color: string;
  /** Points as [x, y]. */
  points: [number, number][];
}

/** What to draw and how large. */
export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Whether x counts something (epochs): ticks only at whole numbers. */
  integerX?: boolean;
  /** The whole picture's size in pixels (default 720 × 420). */
  width?: number;
  height?: number;
}

/**
 * The Vega-Lite spec of `chart`: its data are rows `{ series, x, y }`, one per point; the y
 * axis spans the data (not from zero), the x axis exactly the data's range.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lineChartSpec } from "./line_chart.ts";
 * const spec = lineChartSpec({
 *   title: "t", xLabel: "epoch", yLabel: "loss", integerX: true,
 *   series: [{ label: "a", color: "red", points: [[1, 2], [2, 1]] }],
 * });
 * assert.deepEqual(spec.data, { values: [{ series: "a", x: 1, y: 2 }, { series: "a", x: 2, y: 1 }] });
 * ```
 */
export function lineChartSpec(chart: LineChart): VegaLiteSpec & { data: { values: LinePoint[] } } {
  const values = chart.series.flatMap((s) =>
    s.points.map(([x, y]): LinePoint => ({ series: s.label, x, y }))
  );
  return {
    ...chartFrame(chart.width ?? 720, chart.height ?? 420),
    title: chart.title,
    data: { values },
    params: [legendSelection("series")],
    mark: { type: "line", point: true, strokeWidth: 2 },
    encoding: {
      x: {
        field: "x",
        type: "quantitative",
        title: chart.xLabel,
        scale: { zero: false, nice: false },
        axis: chart.integerX ? { tickMinStep: 1, format: "d" } : {},
      },
      y: { field: "y", type: "quantitative", title: chart.yLabel, scale: { zero: false } },
      color: {
        field: "series",
        type: "nominal",
        title: null,
        scale: { domain: chart.series.map((s) => s.label), range: chart.series.map((s) => s.color) },
        legend: { orient: "top-right" },
      },
      opacity: PICKED_OPACITY,
      tooltip: [
        { field: "series", type: "nominal" },
        { field: "x", type: "quantitative", title: chart.xLabel },
        { field: "y", type: "quantitative", title: chart.yLabel, format: ".6~g" },
      ],
    },
  } as VegaLiteSpec & { data: { values: LinePoint[] } };
}

/** One plotted point of a line chart's data. */
export interface LinePoint {
  series: string;
  x: number;
  y: number;
}
