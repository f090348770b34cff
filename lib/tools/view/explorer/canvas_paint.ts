/// <reference lib="dom" />
/**
 * Drawing the explorer's images on canvases, in the colour maps of lib/core/render/colormap.ts
 * (grey: white ink on black, as the report's figure; inferno for heatmaps), so the page reads
 * like the report.
 */
import { grey, inferno, type Rgb } from "../../../core/render/colormap.ts";

/** Images are 28 × 28. */
export const SIDE = 28;

/**
 * Paints `values` (row-major, canvas.width × canvas.height of them) on `canvas`: grey levels
 * round(255·v), or, with `heatMax`, the inferno colour of v / heatMax.
 */
export function paintImage(canvas: HTMLCanvasElement, values: ArrayLike<number>, heatMax?: number): void {
  const ctx = canvas.getContext("2d")!;
  const image = ctx.createImageData(canvas.width, canvas.height);
  for (let i = 0; i < values.length; i++) {
    const rgb: Rgb = heatMax === undefined ? grey(values[i]!) : inferno(values[i]! / heatMax);
    image.data.set(rgb, 4 * i);
    image.data[4 * i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}

/** Paints the inferno scale from 0 (left) to 1 (right) on `canvas`: a heatmap's legend. */
export function paintLegend(canvas: HTMLCanvasElement): void {
  const ctx = canvas.getContext("2d")!;
  const image = ctx.createImageData(canvas.width, canvas.height);
  for (let col = 0; col < canvas.width; col++) {
    const rgb = inferno(col / (canvas.width - 1));
    for (let row = 0; row < canvas.height; row++) {
      image.data.set([...rgb, 255], 4 * (row * canvas.width + col));
    }
  }
  ctx.putImageData(image, 0, 0);
}

/** The CSS colour of `rgb`. */
export function cssColour(rgb: Rgb): string {
  return `rgb(${rgb.join(", ")})`;
}
