/** The picture of an image difference: old | new | |Δ| side by side, |Δ| through the inferno map. */
import { inferno } from "../../core/render/colormap.ts";
import { rgbToPng } from "../../core/render/png.ts";

/** Decoded raw pixels, as sharp gives them. */
export interface RawImage {
  data: Uint8Array;
  info: { width: number; height: number; channels: number };
}

/** The PNG of `a` | `b` | per-pixel |Δ| (`delta`, scaled to its maximum `max`). */
export async function diffHeatmapPng(
  a: RawImage,
  b: RawImage,
  delta: Float32Array,
  max: number,
): Promise<Uint8Array> {
  const { width, height, channels } = a.info;
  // old | new | |Δ| side by side, |Δ| through the inferno map scaled to its maximum.
  const rgb = new Uint8Array(width * 3 * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const at = (panel: number) => (y * width * 3 + panel * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        rgb[at(0) + c] = a.data[p * channels + Math.min(c, channels - 1)]!;
        rgb[at(1) + c] = b.data[p * channels + Math.min(c, channels - 1)]!;
      }
      rgb.set(inferno(delta[p]! / max), at(2));
    }
  }
  return await rgbToPng(rgb, width * 3, height);
}
