// rgbToPng() and svgToPng() write PNG files whose header holds the width, height, 8-bit RGB(A) type worked out by hand, and whose decoded pixels are the given bytes or the SVG's drawn colours, channel for channel.
import assert from "node:assert/strict";
import sharp from "sharp";
import { rgbToPng, svgToPng } from "../../../lib/core/render/png.ts";

/** PNG's fixed 8-byte signature, then the IHDR chunk: length 13, "IHDR", width, height, depth, colour type. */
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function header(png: Uint8Array): { width: number; height: number; depth: number; colourType: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  assert.deepEqual([...png.subarray(0, 8)], SIGNATURE, "PNG signature");
  assert.equal(new TextDecoder().decode(png.subarray(12, 16)), "IHDR");
  return { width: view.getUint32(16), height: view.getUint32(20), depth: png[24]!, colourType: png[25]! };
}

/** Decoded pixels of a PNG as raw RGB bytes (alpha dropped, if any). */
async function rgbOf(png: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await sharp(png).removeAlpha().raw().toBuffer());
}

Deno.test("rgbToPng() writes a 3 × 2, 8-bit truecolour PNG whose pixels decode to the given bytes in row-major order", async () => {
  // Every channel of every pixel differs, so a swapped channel, a transposed image or a shifted
  // row decodes to other bytes: pixel (x, y) = [10·(3y + x) + 1, … + 2, … + 3].
  const rgb = new Uint8Array([1, 2, 3, 11, 12, 13, 21, 22, 23, 31, 32, 33, 41, 42, 43, 51, 52, 53]);
  const png = await rgbToPng(rgb, 3, 2);
  // Colour type 2 is RGB without alpha (PNG spec, IHDR).
  assert.deepEqual(header(png), { width: 3, height: 2, depth: 8, colourType: 2 });
  assert.deepEqual(await rgbOf(png), rgb);
});

Deno.test("rgbToPng() gives the same bytes for the same pixels", async () => {
  const rgb = new Uint8Array(4 * 4 * 3).map((_, i) => (i * 37) % 256);
  assert.deepEqual(await rgbToPng(rgb, 4, 4), await rgbToPng(rgb, 4, 4));
});

Deno.test("svgToPng() draws an SVG at its own width and height with its fill colours", async () => {
  // Left half rgb(10, 20, 30), right half rgb(200, 100, 50), on a 4 × 3 canvas.
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3">` +
    `<rect x="0" y="0" width="2" height="3" fill="rgb(10,20,30)"/>` +
    `<rect x="2" y="0" width="2" height="3" fill="rgb(200,100,50)"/></svg>`;
  const png = await svgToPng(svg);
  const { width, height, depth } = header(png);
  assert.deepEqual([width, height, depth], [4, 3, 8]);
  const left = [10, 20, 30];
  const right = [200, 100, 50];
  const row = [...left, ...left, ...right, ...right];
  assert.deepEqual([...await rgbOf(png)], [...row, ...row, ...row]);
});
