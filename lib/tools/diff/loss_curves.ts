/**
 * Two models' loss curves compared as data: A's and B's validation and training loss per
 * epoch, overlaid in one Vega-Lite chart (lib/core/render/line_chart.ts), instead of a pixel difference of
 * their two loss_curve.png pictures, which says little once the axes differ.
 */
import { lineChartSpec, type Series } from "../../core/render/line_chart.ts";
import { svgToPng } from "../../core/render/png.ts";
import { type VegaLiteSpec, vegaLiteSvg } from "../../core/render/vega_svg.ts";
import { writeFileAtomic } from "../../core/store/atomic_write.ts";
import type { HistoryRow } from "./history_rows.ts";

/** The model's picture of its history, which diff compares as the data it was drawn from. */
export const LOSS_CURVE_PICTURE = "loss_curve.png";

/** The model's per-epoch losses (lib/stages/train/history.ts writes it). */
export const HISTORY_FILE = "history.json";

/** What the overlaid chart shows, and where it was written. */
export interface LossCurves {
  /** The PNG, when an out directory was given. */
  chart?: string;
  /** The drawn series: A's and B's validation and training loss by epoch. */
  series: Series[];
}

/**
 * The series of histories `a` and `b`: validation loss solid colours, training loss light
 * ones; A blue, B red.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lossCurveSeries } from "./loss_curves.ts";
 * const row = (epoch: number, loss: number) => ({ epoch, trainLoss: loss + 1, valLoss: loss });
 * const series = lossCurveSeries([row(1, 5), row(2, 4)], [row(1, 6)]);
 * assert.deepEqual(series.map((s) => s.label), ["A val_loss", "A train loss", "B val_loss", "B train loss"]);
 * assert.deepEqual(series[2]!.points, [[1, 6]]);
 * ```
 */
export function lossCurveSeries(a: readonly HistoryRow[], b: readonly HistoryRow[]): Series[] {
  const points = (rows: readonly HistoryRow[], key: "valLoss" | "trainLoss") =>
    rows.map((row): [number, number] => [row.epoch, row[key]]);
  return [
    { label: "A val_loss", color: "#1f4e9c", points: points(a, "valLoss") },
    { label: "A train loss", color: "#8fb4e3", points: points(a, "trainLoss") },
    { label: "B val_loss", color: "#c0392b", points: points(b, "valLoss") },
    { label: "B train loss", color: "#f1a9a0", points: points(b, "trainLoss") },
  ];
}

/**
 * The overlaid chart of `series` (from {@link lossCurveSeries}) titled `title`: loss per image
 * by epoch, whole-number epoch ticks.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lossCurveSeries, overlaySpec } from "./loss_curves.ts";
 * const row = (epoch: number, loss: number) => ({ epoch, trainLoss: loss + 1, valLoss: loss });
 * const spec = overlaySpec(lossCurveSeries([row(1, 5)], [row(1, 6)]), "A vs B");
 * assert.equal(spec.data.values.length, 4);
 * ```
 */
export function overlaySpec(
  series: Series[],
  title: string,
): ReturnType<typeof lineChartSpec> & VegaLiteSpec {
  return lineChartSpec({ title, xLabel: "epoch", yLabel: "loss (nats per image)", integerX: true, series });
}

/**
 * Draws histories `a` (of model `idA`) and `b` (of `idB`) overlaid; writes the PNG to
 * `pngPath` when given.
 */
export async function overlayLossCurves(
  a: readonly HistoryRow[],
  b: readonly HistoryRow[],
  idA: string,
  idB: string,
  pngPath?: string,
): Promise<LossCurves> {
  const series = lossCurveSeries(a, b);
  if (pngPath === undefined) return { series };
  const svg = await vegaLiteSvg(overlaySpec(series, `loss per image: A ${idA} vs B ${idB}`));
  await writeFileAtomic(pngPath, await svgToPng(svg));
  return { chart: pngPath, series };
}
