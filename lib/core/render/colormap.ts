/**
 * Colour maps from a value in [0, 1] to RGB bytes: grey for images, and "inferno" (sampled
 * from matplotlib's perceptually uniform map at 9 anchors, linearly interpolated) for
 * heatmaps.
 */

/** RGB bytes. */
export type Rgb = [number, number, number];

const INFERNO_ANCHORS: Rgb[] = [
  [0, 0, 4],
  [31, 12, 72],
  [85, 15, 109],
  [136, 34, 106],
  [186, 54, 85],
  [227, 89, 51],
  [249, 140, 10],
  [249, 201, 50],
  [252, 255, 164],
];

function clamp01(v: number): number {
  return Number.isNaN(v) ? 0 : Math.min(1, Math.max(0, v));
}

/** White for 1, black for 0 (MNIST's ink is 1; drawn as black ink on white would invert). */
export function grey(v: number): Rgb {
  const b = Math.round(clamp01(v) * 255);
  return [b, b, b];
}

/**
 * The inferno colour of `v` in [0, 1] (clamped).
 *
 * @example
 * ```ts
 * import { inferno } from "./colormap.ts";
 * inferno(0); // [0, 0, 4]
 * ```
 */
export function inferno(v: number): Rgb {
  const x = clamp01(v) * (INFERNO_ANCHORS.length - 1);
  const i = Math.min(Math.floor(x), INFERNO_ANCHORS.length - 2);
  const t = x - i;
  const a = INFERNO_ANCHORS[i]!;
  const b = INFERNO_ANCHORS[i + 1]!;
  return [0, 1, 2].map((c) => Math.round(a[c]! + (b[c]! - a[c]!) * t)) as Rgb;
}
