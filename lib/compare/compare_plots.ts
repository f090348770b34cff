/**
 * The plots of a comparison: each headline metric against each numeric param that varies,
 * mean ± 1 std over seeds; one series per combination of the other varying params.
 */
import { errorBarChartSvg } from "../render/error_bar_chart.ts";
import type { Grouping } from "./configurations.ts";
import { HEADLINE_METRICS } from "./measured_run.ts";

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f"];

/** One plot to write: its file name and SVG. */
export interface Plot {
  name: string;
  svg: string;
}

/** The plots of `grouping`: `<metric>_vs_<flag>.svg`-named, for every numeric varying param. */
export function comparePlots(grouping: Grouping): Plot[] {
  const numeric = grouping.varying.filter((flag) =>
    grouping.configurations.every((c) => Number.isFinite(Number(c.setting[flag])))
  );
  const plots: Plot[] = [];
  for (const flag of numeric) {
    const others = grouping.varying.filter((f) => f !== flag);
    const seriesOf = new Map<string, typeof grouping.configurations>();
    for (const c of grouping.configurations) {
      const label = others.map((f) => `${f}=${c.setting[f]}`).join(" ") || "mean ± std over seeds";
      seriesOf.set(label, [...(seriesOf.get(label) ?? []), c]);
    }
    for (const metric of HEADLINE_METRICS) {
      plots.push({
        name: `${metric.key}_vs_${flag}`,
        svg: errorBarChartSvg({
          title: `${metric.label} against --${flag} (mean ± 1 std over seeds)`,
          xLabel: flag,
          yLabel: metric.label,
          series: [...seriesOf].map(([label, configurations], i) => ({
            label,
            color: COLORS[i % COLORS.length]!,
            points: configurations.map((c) => ({
              x: Number(c.setting[flag]),
              mean: c.stats[metric.key]!.mean,
              std: c.stats[metric.key]!.std,
            })),
          })),
        }),
      });
    }
  }
  return plots;
}
