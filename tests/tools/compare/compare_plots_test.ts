// comparePlots() and writePlot(): each metric's plot draws every configuration's mean and its 95 % interval ends from lib/core/stats, and is written as a PNG with the Vega-Lite spec it was drawn from.
import assert from "node:assert/strict";
import { join } from "node:path";
import { comparePlots, writePlot } from "../../../lib/tools/compare/compare_plots.ts";
import { groupConfigurations } from "../../../lib/tools/compare/configurations.ts";
import { HEADLINE_METRICS, type MeasuredRun } from "../../../lib/tools/compare/measured_run.ts";
import { svgToPng } from "../../../lib/core/render/png.ts";
import { vegaLiteSvg } from "../../../lib/core/render/vega_svg.ts";
import { meanInterval } from "../../../lib/core/stats/mean_interval.ts";
import { markData } from "../../core/render/_svg_marks.ts";
import { tempDir } from "../../_files.ts";

/** A run of latent size `latent` and seed `seed` whose every metric is `value`. */
function run(latent: number, seed: number, value: number): MeasuredRun {
  return {
    evaluateId: `${latent}-${seed}`,
    modelId: `${latent}-${seed}`,
    setting: { "latent-dim": latent, seed, epochs: 2 },
    metrics: Object.fromEntries(HEADLINE_METRICS.map((m) => [m.key, value])),
  };
}

const RECON = { 2: [151.25, 149.5, 155.125], 8: [110.5, 111.75, 108.25], 64: [90.5] };
/** Vega writes numbers into its SVG to 12 significant digits. */
const digits = (v: number) => Number(v.toPrecision(12));

const grouping = groupConfigurations(
  Object.entries(RECON).flatMap(([latent, values]) => values.map((v, i) => run(Number(latent), i + 1, v))),
);

Deno.test("compare's plot of a metric against --latent-dim draws each mean and the ends of its 95 % interval", async () => {
  const plots = comparePlots(grouping);
  assert.deepEqual(plots.map((p) => p.name), HEADLINE_METRICS.map((m) => `${m.key}_vs_latent-dim`));
  const svg = await vegaLiteSvg(plots.find((p) => p.name === "reconGap_vs_latent-dim")!.spec);
  const x = "latent-dim (log scale)";
  const means = markData(svg, "point").map((p) => [Number(p[x]), Number(p["recon gap (nats)"])]);
  assert.deepEqual(
    means,
    Object.entries(RECON).map(([latent, v]) => [Number(latent), digits(meanInterval(v).mean)]),
  );
  // A bar's y (labelled with the axis title) is its low end, its y2 the high end.
  const bars = markData(svg, "rule mark").map((
    r,
  ) => [Number(r[x]), Number(r["recon gap (nats)"]), Number(r["high"])]);
  // Latent size 64 has one seed: a mean, no interval.
  assert.deepEqual(
    bars,
    [2, 8].map((latent) => {
      const { low, high } = meanInterval(RECON[latent as 2 | 8]);
      return [latent, digits(low), digits(high)];
    }),
  );
  // Student t with 2 degrees of freedom: far wider than ±1 std.
  const { mean, std, high } = meanInterval(RECON[2]);
  assert.ok(high - mean > 2 * std);
});

Deno.test("writePlot() writes the PNG and beside it the spec, which redraws to the same picture", async () => {
  const dir = await tempDir();
  const plot = comparePlots(grouping)[0]!;
  const path = await writePlot(dir, plot);
  assert.equal(path, join(dir, `${plot.name}.png`));
  const spec = JSON.parse(await Deno.readTextFile(join(dir, `${plot.name}.vl.json`)));
  assert.deepEqual(spec, JSON.parse(JSON.stringify(plot.spec)));
  assert.deepEqual(await Deno.readFile(path), await svgToPng(await vegaLiteSvg(spec)));
  // Restyled by editing the written spec: another colour, the same data.
  spec.encoding.color.scale.range = ["#123456"];
  assert.match(await vegaLiteSvg(spec), /fill="#123456"/);
});
