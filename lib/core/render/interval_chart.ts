/**
 * A chart of means with their confidence intervals, declared in Vega-Lite: one or more series
 * over a numeric x axis (log₂-scaled when x spans a factor of 8 or more, as latent sizes
 * 2…64 do), each mean a point on a line and each interval a bar from its low to its high end.
 * Builds the spec only; lib/core/render/vega_svg.ts draws it.
 */
import { chartFrame, legendSelection, PICKED_OPACITY } from "./chart_style.ts";
import type { VegaLiteSpec } from "./vega_svg.ts";

/** One point: x, the mean, its interval's ends (NaN: no interval, e.g. one value) and n. */
export interface IntervalPoint {
  x: number;
  mean: number;
  low: number;
  high: number;
  n: number;
}

/** What to draw. */
export interface IntervalChart {
  title: string;
  xLabel: string;
  yLabel: string;
  /** What the bars are, e.g. "95 % interval of the mean". */
  intervalLabel: string;
  series: { label: string; color: string; points: IntervalPoint[] }[];
  width?: number;
  height?: number;
}

/** One plotted row of an interval chart's data (an interval end is null where there is none). */
export interface IntervalRow {
  series: string;
  x: number;
  mean: number;
  low: number | null;
  high: number | null;
  n: number;
}

/** Axis values listed one by one up to this many distinct x values; more get Vega's ticks. */
const MAX_LISTED_TICKS = 12;

/**
 * The Vega-Lite spec of `chart`: its data are rows `{ series, x, mean, low, high, n }`; the y
 * axis spans every mean and interval end. Ticks sit at the x values themselves.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { intervalChartSpec } from "./interval_chart.ts";
 * const spec = intervalChartSpec({
 *   title: "t", xLabel: "latent-dim", yLabel: "loss", intervalLabel: "95 % interval",
 *   series: [{ label: "a", color: "red", points: [{ x: 2, mean: 1, low: 0.5, high: 1.5, n: 3 }, { x: 64, mean: 2, low: NaN, high: NaN, n: 1 }] }],
 * });
 * assert.deepEqual(spec.data.values[1], { series: "a", x: 64, mean: 2, low: null, high: null, n: 1 });
 * ```
 */
export function intervalChartSpec(chart: IntervalChart): VegaLiteSpec & { data: { values: IntervalRow[] } } {
  const values = chart.series.flatMap((s) =>
    [...s.points].sort((a, b) => a.x - b.x).map((p): IntervalRow => ({
      series: s.label,
      x: p.x,
      mean: p.mean,
      // JSON has no NaN: a missing end is null, which Vega-Lite leaves out of the bars.
      low: Number.isFinite(p.low) ? p.low : null,
      high: Number.isFinite(p.high) ? p.high : null,
      n: p.n,
    }))
  );
  const xs = [...new Set(values.map((v) => v.x))].sort((a, b) => a - b);
  const logX = xs[0]! > 0 && xs[xs.length - 1]! / xs[0]! >= 8;
  const x = {
    field: "x",
    type: "quantitative",
    title: logX ? `${chart.xLabel} (log scale)` : chart.xLabel,
    // Padding keeps the first and last bars whole, inside the plot.
    scale: logX ? { type: "log", base: 2, padding: 24 } : { zero: false, nice: false, padding: 24 },
    // ".6~g", not "~g": Vega fills a missing precision from the tick step, so "~g" wrote 2000 as "2e+3".
    axis: xs.length <= MAX_LISTED_TICKS ? { values: xs, format: ".6~g" } : {},
  };
  const color = {
    field: "series",
    type: "nominal",
    title: null,
    scale: { domain: chart.series.map((s) => s.label), range: chart.series.map((s) => s.color) },
    legend: chart.series.length > 1 ? { orient: "top-right" } : null,
  };
  const tooltip = [
    { field: "series", type: "nominal" },
    { field: "x", type: "quantitative", title: chart.xLabel },
    { field: "mean", type: "quantitative", format: ".6~g" },
    { field: "low", type: "quantitative", title: `${chart.intervalLabel}: low`, format: ".6~g" },
    { field: "high", type: "quantitative", title: `${chart.intervalLabel}: high`, format: ".6~g" },
    { field: "n", type: "quantitative", title: "n (seeds)" },
  ];
  const y = { field: "mean", type: "quantitative", title: chart.yLabel, scale: { zero: false } };
  return {
    ...chartFrame(chart.width ?? 640, chart.height ?? 400),
    title: { text: chart.title, subtitle: `bars: ${chart.intervalLabel}; none where n < 2` },
    data: { values },
    encoding: { x, color, opacity: PICKED_OPACITY },
    // The means last, so that they are drawn over the bars and a pointer over one finds it.
    layer: [
      {
        mark: { type: "rule", strokeWidth: 1.5 },
        encoding: { y: { ...y, field: "low" }, y2: { field: "high" }, tooltip },
      },
      { mark: { type: "tick", orient: "horizontal", size: 10 }, encoding: { y: { ...y, field: "low" } } },
      { mark: { type: "tick", orient: "horizontal", size: 10 }, encoding: { y: { ...y, field: "high" } } },
      {
        params: [legendSelection("series")],
        mark: { type: "line", point: { size: 50 }, strokeWidth: 2 },
        encoding: { y, tooltip },
      },
    ],
  } as unknown as VegaLiteSpec & { data: { values: IntervalRow[] } };
}
