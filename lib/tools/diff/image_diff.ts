/**
 * Two PNG images compared pixel by pixel: pixels changed, max |Δ| and PSNR, and where given
 * an old | new | |Δ| picture of the difference (lib/tools/diff/diff_heatmap.ts).
 */
import sharp from "sharp";
import { writeFileAtomic } from "../../core/store/atomic_write.ts";
import { diffHeatmapPng } from "./diff_heatmap.ts";
import type { FileDiff } from "./file_diff.ts";

/** Compares the images at `pathA` and `pathB`; writes the difference picture to `heatmapPath`. */
export async function compareImages(
  pathA: string,
  pathB: string,
  heatmapPath: string | undefined,
): Promise<FileDiff["image"]> {
  const decode = (p: string) => sharp(p).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const [a, b] = [await decode(pathA), await decode(pathB)];
  if (a.info.width !== b.info.width || a.info.height !== b.info.height) {
    return {
      pixelsChanged: NaN,
      pixels: a.info.width * a.info.height,
      maxAbsDiff: NaN,
      psnr: NaN,
      sizes: { a: [a.info.width, a.info.height], b: [b.info.width, b.info.height] },
    };
  }
  const { width, height, channels } = a.info;
  let changed = 0;
  let max = 0;
  let squares = 0;
  const delta = new Float32Array(width * height);
  for (let p = 0; p < width * height; p++) {
    let pixelMax = 0;
    for (let c = 0; c < channels; c++) {
      const d = Math.abs(a.data[p * channels + c]! - b.data[p * channels + c]!);
      pixelMax = Math.max(pixelMax, d);
      squares += d * d;
    }
    delta[p] = pixelMax;
    if (pixelMax > 0) changed++;
    max = Math.max(max, pixelMax);
  }
  const mse = squares / (width * height * channels);
  const result: NonNullable<FileDiff["image"]> = {
    pixelsChanged: changed,
    pixels: width * height,
    maxAbsDiff: max,
    psnr: mse === 0 ? Infinity : 10 * Math.log10(255 ** 2 / mse),
  };
  if (heatmapPath && changed > 0) {
    await writeFileAtomic(heatmapPath, await diffHeatmapPng(a, b, delta, max));
    result.heatmap = heatmapPath;
  }
  return result;
}
