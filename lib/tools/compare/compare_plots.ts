/**
 * The plots of a comparison: each headline metric against each numeric param that varies,
 * the mean over seeds with its 95 % interval (Student t, lib/core/stats/mean_interval.ts); one
 * series per combination of the other varying params. Each plot is a Vega-Lite spec
 * (lib/core/render/interval_chart.ts), written beside its picture so that it can be restyled.
 */
import { join } from "node:path";
import { intervalChartSpec } from "../../core/render/interval_chart.ts";
import { svgToPng } from "../../core/render/png.ts";
import { type VegaLiteSpec, vegaLiteSvg } from "../../core/render/vega_svg.ts";
import { writeFileAtomic } from "../../core/store/atomic_write.ts";
import type { Grouping } from "./configurations.ts";
import { HEADLINE_METRICS } from "./measured_run.ts";

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f"];

/** One plot to draw: its file name (without extension) and its Vega-Lite spec. */
export interface Plot {
  name: string;
  spec: VegaLiteSpec;
}

/** The plots of `grouping`: `<metric>_vs_<flag>`-named, for every numeric varying param. */
export function comparePlots(grouping: Grouping): Plot[] {
  const numeric = grouping.varying.filter((flag) =>
    grouping.configurations.every((c) => Number.isFinite(Number(c.setting[flag])))
  );
  const plots: Plot[] = [];
  for (const flag of numeric) {
    const others = grouping.varying.filter((f) => f !== flag);
    const seriesOf = new Map<string, typeof grouping.configurations>();
    for (const c of grouping.configurations) {
      const label = others.map((f) => `${f}=${c.setting[f]}`).join(" ") || "mean over seeds";
      seriesOf.set(label, [...(seriesOf.get(label) ?? []), c]);
    }
    for (const metric of HEADLINE_METRICS) {
      const level = grouping.configurations[0]?.stats[metric.key]?.level ?? 0.95;
      plots.push({
        name: `${metric.key}_vs_${flag}`,
        spec: intervalChartSpec({
          title: `${metric.label} against --${flag}`,
          xLabel: flag,
          yLabel: metric.label,
          intervalLabel: `${Math.round(level * 100)} % interval of the mean`,
          series: [...seriesOf].map(([label, configurations], i) => ({
            label,
            color: COLORS[i % COLORS.length]!,
            points: configurations.map((c) => ({
              x: Number(c.setting[flag]),
              mean: c.stats[metric.key]!.mean,
              low: c.stats[metric.key]!.low,
              high: c.stats[metric.key]!.high,
              n: c.stats[metric.key]!.n,
            })),
          })),
        }),
      });
    }
  }
  return plots;
}

/**
 * Writes `plot` to `dir` as `<name>.png` (drawn from its spec) and `<name>.vl.json` (the
 * Vega-Lite spec itself, to restyle and redraw); returns the PNG's path.
 */
export async function writePlot(dir: string, plot: Plot): Promise<string> {
  const path = join(dir, `${plot.name}.png`);
  await writeFileAtomic(join(dir, `${plot.name}${SPEC_SUFFIX}`), JSON.stringify(plot.spec, null, 2) + "\n");
  await writeFileAtomic(path, await svgToPng(await vegaLiteSvg(plot.spec)));
  return path;
}

/** The ending of a plot's written spec, beside its `.png`. */
export const SPEC_SUFFIX = ".vl.json";
