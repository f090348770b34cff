/// <reference lib="dom" />
/**
 * The latent map: the test digits' z_mean as points coloured by digit, the selected image's
 * Gaussian q(z|x) as its 1σ and 2σ ellipses, its sampled z as dots, and the point under the
 * pointer, in two latent dimensions (a slice when the latent has more).
 */
import type { LatentMapAxes } from "./explorer_handle.ts";

/** One colour per digit 0–9 (matplotlib's tab10). */
export const DIGIT_COLOURS = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

type Box = LatentMapAxes["box"];

/**
 * The latent values (u, v) at canvas pixel (px, py) of a width × height canvas: u grows to
 * the right, v upwards.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { canvasToLatent } from "./latent_map.ts";
 * assert.deepEqual(canvasToLatent(50, 0, { xMin: -1, xMax: 1, yMin: -2, yMax: 2 }, 100, 100), [0, 2]);
 * ```
 */
export function canvasToLatent(
  px: number,
  py: number,
  box: Box,
  width: number,
  height: number,
): [number, number] {
  return [
    box.xMin + (px / width) * (box.xMax - box.xMin),
    box.yMax - (py / height) * (box.yMax - box.yMin),
  ];
}

/** The canvas pixel of latent values (u, v): the inverse of {@link canvasToLatent}. */
export function latentToCanvas(
  u: number,
  v: number,
  box: Box,
  width: number,
  height: number,
): [number, number] {
  return [
    (u - box.xMin) / (box.xMax - box.xMin) * width,
    (box.yMax - v) / (box.yMax - box.yMin) * height,
  ];
}

/** The test digits' points, drawn once per model (see {@link drawPoints}). */
export interface LatentMapPoints {
  axes: LatentMapAxes;
  /** Test digits' z_mean, `dims` values a row, and their labels. */
  points: Float32Array;
  labels: readonly number[];
  dims: number;
}

/**
 * The map's background on a new canvas of `width` × `height`: white, the axes through 0 and
 * the test digits' points coloured by digit. Drawn once; each update copies it.
 */
export function drawPoints(width: number, height: number, scene: LatentMapPoints): HTMLCanvasElement {
  const layer = Object.assign(document.createElement("canvas"), { width, height });
  const ctx = layer.getContext("2d")!;
  const { box, dims: [a, b] } = scene.axes;
  const at = (u: number, v: number) => latentToCanvas(u, v, box, width, height);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, width, height);
  // The axes through 0, the prior's centre.
  ctx.strokeStyle = "#ccc";
  ctx.lineWidth = 1;
  const [zeroX, zeroY] = at(0, 0);
  ctx.beginPath();
  ctx.moveTo(zeroX, 0);
  ctx.lineTo(zeroX, height);
  ctx.moveTo(0, zeroY);
  ctx.lineTo(width, zeroY);
  ctx.stroke();
  ctx.globalAlpha = 0.6;
  for (let i = 0; i < scene.labels.length; i++) {
    const [x, y] = at(scene.points[i * scene.dims + a]!, scene.points[i * scene.dims + b]!);
    ctx.fillStyle = DIGIT_COLOURS[scene.labels[i]!] ?? "#000";
    ctx.fillRect(x - 1.5, y - 1.5, 3, 3);
  }
  return layer;
}

/** What one drawing of the map shows over its points. */
export interface LatentMapScene {
  axes: LatentMapAxes;
  /** The background {@link drawPoints} made. */
  background: HTMLCanvasElement;
  dims: number;
  /** The selected image's z_mean and σ. */
  zMean: Float32Array;
  sigma: Float32Array;
  /** Its sampled z, `dims` values a row. */
  samples: Float32Array;
  /** The decoded point, in latent values of the two axes. */
  pointer?: [number, number];
}

/** Draws `scene` on `canvas`. */
export function drawLatentMap(canvas: HTMLCanvasElement, scene: LatentMapScene): void {
  const ctx = canvas.getContext("2d")!;
  const { width, height } = canvas;
  const { box, dims: [a, b] } = scene.axes;
  const at = (u: number, v: number) => latentToCanvas(u, v, box, width, height);
  ctx.drawImage(scene.background, 0, 0);
  const [cx, cy] = at(scene.zMean[a]!, scene.zMean[b]!);
  const rx = scene.sigma[a]! / (box.xMax - box.xMin) * width;
  const ry = scene.sigma[b]! / (box.yMax - box.yMin) * height;
  ctx.strokeStyle = "#000";
  for (const [k, dash] of [[1, []], [2, [4, 3]]] as const) {
    ctx.setLineDash(dash);
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.ellipse(cx, cy, k * rx, k * ry, 0, 0, 2 * Math.PI);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.fillStyle = "#000";
  for (let i = 0; i + scene.dims <= scene.samples.length; i += scene.dims) {
    const [x, y] = at(scene.samples[i + a]!, scene.samples[i + b]!);
    ctx.beginPath();
    ctx.arc(x, y, 2.5, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.fillStyle = "#f80";
  ctx.fillRect(cx - 3, cy - 3, 6, 6);
  if (scene.pointer) {
    const [x, y] = at(...scene.pointer);
    ctx.strokeStyle = "#d00";
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(x - 7, y);
    ctx.lineTo(x + 7, y);
    ctx.moveTo(x, y - 7);
    ctx.lineTo(x, y + 7);
    ctx.stroke();
  }
}
