/**
 * The model's loss curve: training and validation loss per epoch, as a Vega-Lite spec
 * (lib/core/render/line_chart.ts) that the train stage draws to loss_curve.svg and loss_curve.png.
 */
import { join } from "node:path";
import type { EpochLosses } from "./history.ts";
import { lineChartSpec } from "../../core/render/line_chart.ts";
import { svgToPng } from "../../core/render/png.ts";
import { type VegaLiteSpec, vegaLiteSvg } from "../../core/render/vega_svg.ts";

/** The loss-curve picture's file names in a model artifact. */
export const LOSS_CURVE_SVG = "loss_curve.svg";
export const LOSS_CURVE_PNG = "loss_curve.png";

/**
 * The chart of `history` for a training with `seed`, `batchSize` and learning rate `lr`:
 * series "train" and "validation", x the epoch (whole-number ticks).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lossCurveSpec } from "./loss_curve_chart.ts";
 * const row = (epoch: number, loss: number) =>
 *   ({ epoch, trainLoss: loss, trainRecon: 0, trainKl: 0, valLoss: loss - 1, valRecon: 0, valKl: 0 });
 * const spec = lossCurveSpec([row(1, 5), row(2, 4)], { seed: 1, batchSize: 128, lr: 0.001 });
 * assert.deepEqual(spec.data.values.map((v) => [v.series, v.x, v.y]), [
 *   ["train", 1, 5], ["train", 2, 4], ["validation", 1, 4], ["validation", 2, 3],
 * ]);
 * ```
 */
export function lossCurveSpec(
  history: readonly EpochLosses[],
  training: { seed: number; batchSize: number; lr: number },
): ReturnType<typeof lineChartSpec> & VegaLiteSpec {
  return lineChartSpec({
    title: `VAE loss per image (seed ${training.seed}, batch ${training.batchSize}, lr ${training.lr})`,
    xLabel: "epoch",
    yLabel: "loss (nats per image)",
    integerX: true,
    series: [
      { label: "train", color: "#1f77b4", points: history.map((r) => [r.epoch, r.trainLoss]) },
      { label: "validation", color: "#d62728", points: history.map((r) => [r.epoch, r.valLoss]) },
    ],
  });
}

/** Draws the loss curve of `history` into `dir` as {@link LOSS_CURVE_SVG} and {@link LOSS_CURVE_PNG}. */
export async function writeLossCurve(
  dir: string,
  history: readonly EpochLosses[],
  training: { seed: number; batchSize: number; lr: number },
): Promise<void> {
  const svg = await vegaLiteSvg(lossCurveSpec(history, training));
  await Deno.writeTextFile(join(dir, LOSS_CURVE_SVG), svg);
  await Deno.writeFile(join(dir, LOSS_CURVE_PNG), await svgToPng(svg));
}
