/**
 * The evaluation's pictures: figure.png (rows 2 and 3 of the Keras example, and what they
 * could not show: three passes, their per-pixel spread and their mean's gap from the mean
 * decode) and variance_map.png (the per-pixel variance averaged over the test images).
 */
import { join } from "node:path";
import { type GridRow, renderGridPng } from "../../core/render/image_grid.ts";
import { EVALUATE_FILES } from "./evaluate_artifact.ts";
import type { EvaluationCollector } from "./evaluate_metrics.ts";

/** The rows of figure.png, each labelled, from the first test images' rows `collector` kept. */
export function figureRows(collector: EvaluationCollector, passes: number): GridRow[] {
  const fig = collector.figure;
  return [
    { label: "original x", style: "grey", cells: fig.originals },
    { label: "decoder(z_mean)\n(mean decode)", style: "grey", cells: fig.meanDecode },
    { label: "vae(x), pass 1", style: "grey", cells: fig.passes[0]! },
    { label: "vae(x), pass 2", style: "grey", cells: fig.passes[1]! },
    { label: "vae(x), pass 3", style: "grey", cells: fig.passes[2]! },
    { label: `per-pixel std\nof ${passes} passes`, style: "heat", cells: fig.std },
    { label: `|mean of passes −\ndecoder(z_mean)|`, style: "heat", cells: fig.absGap },
  ];
}

/** Draws figure.png and variance_map.png of `images` test images × `passes` passes into `dir`. */
export async function writeEvaluationFigures(
  dir: string,
  collector: EvaluationCollector,
  passes: number,
  images: number,
): Promise<void> {
  await Deno.writeFile(
    join(dir, EVALUATE_FILES.figure),
    await renderGridPng(
      "Rows 2 and 3 of the Keras example, and what they could not show",
      figureRows(collector, passes),
    ),
  );
  await Deno.writeFile(
    join(dir, EVALUATE_FILES.varianceMap),
    await renderGridPng(
      `Average per-pixel variance over ${images} test images`,
      [{ label: `variance of\n${passes} passes`, style: "heat", cells: [collector.varianceMap()] }],
      { side: 28, scale: 8, gap: 4 },
    ),
  );
}
