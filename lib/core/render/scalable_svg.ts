/**
 * An SVG that scales to its box: the charts are drawn at a fixed size (the same SVG becomes
 * the PNG files, whose bytes are pinned), so a page that shows one inline gives it a viewBox
 * of that size, and CSS can then shrink it to a phone's width instead of cropping it.
 */

/**
 * `svg` with a viewBox equal to its root element's width and height, when it has neither a
 * viewBox nor numeric sizes; otherwise unchanged.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scalableSvg } from "./scalable_svg.ts";
 * assert.equal(scalableSvg(`<svg width="640" height="360"><g/></svg>`), `<svg viewBox="0 0 640 360" width="640" height="360"><g/></svg>`);
 * assert.equal(scalableSvg(`<svg viewBox="0 0 1 1" width="9" height="9"/>`), `<svg viewBox="0 0 1 1" width="9" height="9"/>`);
 * ```
 */
export function scalableSvg(svg: string): string {
  const root = /^<svg\b[^>]*>/.exec(svg)?.[0];
  if (root === undefined || /\bviewBox=/.test(root)) return svg;
  const width = /\swidth="(\d+(?:\.\d+)?)"/.exec(root)?.[1];
  const height = /\sheight="(\d+(?:\.\d+)?)"/.exec(root)?.[1];
  if (width === undefined || height === undefined) return svg;
  return `<svg viewBox="0 0 ${width} ${height}"${svg.slice("<svg".length)}`;
}
