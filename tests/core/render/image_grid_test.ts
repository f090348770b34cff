// gridRaster() places every cell's magnified pixels at the position worked out by hand, with white gaps, grey rows as grey bytes and heat rows through inferno on their own scale; rowScale() picks that scale; renderGridPng() frames the raster unscaled at its offset.
import assert from "node:assert/strict";
import sharp from "sharp";
import { grey, inferno, type Rgb } from "../../../lib/core/render/colormap.ts";
import {
  type GridGeometry,
  gridRaster,
  type GridRow,
  renderGridPng,
  rowScale,
} from "../../../lib/core/render/image_grid.ts";

/** The raster as one string per pixel row, each pixel a character of `legend` (“?” when none fits). */
function pictureOf(
  raster: { rgb: Uint8Array; width: number; height: number },
  legend: Record<string, Rgb>,
): string[] {
  const lines: string[] = [];
  for (let y = 0; y < raster.height; y++) {
    let line = "";
    for (let x = 0; x < raster.width; x++) {
      const at = (y * raster.width + x) * 3;
      const pixel = [raster.rgb[at], raster.rgb[at + 1], raster.rgb[at + 2]];
      const found = Object.entries(legend).find(([, c]) => c.every((v, i) => v === pixel[i]));
      line += found ? found[0] : "?";
    }
    lines.push(line);
  }
  return lines;
}

// Grey values whose bytes differ from each other and from the white gap (255).
const cellA = new Float32Array([0, 0.2, 0.6, 0.4]); // bytes 0, 51, 153, 102
const cellB = new Float32Array([0.4, 0, 0, 0.2]); // bytes 102, 0, 0, 51
// Heat values 0, 1, 2, 4 over the row's maximum 4: inferno(0), inferno(1/4), inferno(1/2), inferno(1).
const heatCell = new Float32Array([0, 1, 2, 4]);

const LEGEND: Record<string, Rgb> = {
  ".": [255, 255, 255],
  "0": grey(0),
  "1": grey(0.2),
  "2": grey(0.4),
  "3": grey(0.6),
  a: inferno(0),
  b: inferno(0.25),
  c: inferno(0.5),
  d: inferno(1),
};

Deno.test("gridRaster() draws 2×2 cells magnified 2× in rows and columns, 1-pixel white gaps around each", () => {
  const rows: GridRow[] = [
    { label: "grey", style: "grey", cells: [cellA, cellB] },
    { label: "heat", style: "heat", cells: [heatCell] },
  ];
  const geometry: GridGeometry = { side: 2, scale: 2, gap: 1 };
  const raster = gridRaster(rows, geometry);
  // 2 columns of 2·2 = 4 pixels and 3 gaps: 2·4 + 3 = 11 wide; 2 rows likewise 11 high.
  assert.equal(raster.width, 11);
  assert.equal(raster.height, 11);
  assert.equal(raster.rgb.length, 11 * 11 * 3);
  // Cell (row r, column c) starts at x = 1 + 5c, y = 1 + 5r; each source pixel covers 2×2.
  // The heat row has one cell, so its second column stays white.
  assert.deepEqual(pictureOf(raster, LEGEND), [
    "...........",
    ".0011.2200.",
    ".0011.2200.",
    ".3322.0011.",
    ".3322.0011.",
    "...........",
    ".aabb......",
    ".aabb......",
    ".ccdd......",
    ".ccdd......",
    "...........",
  ]);
});

Deno.test("gridRaster() maps a heat row through its vmax: a value of vmax/2 is inferno's middle, above vmax saturates", () => {
  const row: GridRow = { label: "h", style: "heat", vmax: 8, cells: [new Float32Array([0, 4, 8, 16])] };
  const raster = gridRaster([row], { side: 2, scale: 1, gap: 0 });
  assert.deepEqual(pictureOf(raster, LEGEND), ["ac", "dd"]);
});

Deno.test("rowScale() is 1 for a grey row, vmax when given, else the row's largest value over all cells, and 1 for an all-zero heat row", () => {
  const heat = (cells: Float32Array[], vmax?: number): GridRow => ({ label: "", style: "heat", cells, vmax });
  assert.equal(rowScale({ label: "", style: "grey", cells: [new Float32Array([5])] }), 1);
  assert.equal(rowScale(heat([new Float32Array([1, 9])], 2.5)), 2.5);
  assert.equal(rowScale(heat([new Float32Array([0.5, 0.25]), new Float32Array([0.75, 0])])), 0.75);
  assert.equal(rowScale(heat([new Float32Array([0, 0])])), 1);
});

Deno.test("renderGridPng() puts the raster unscaled at (190, 34) in a page 190 + width + 90 wide and 34 + height + 8 high", async () => {
  const rows: GridRow[] = [{ label: "grey", style: "grey", cells: [new Float32Array(4).fill(0)] }];
  const geometry: GridGeometry = { side: 2, scale: 4, gap: 2 };
  // One 8-pixel black cell with 2-pixel gaps: a 12×12 raster, so a 292×54 page.
  const png = await renderGridPng("title", rows, geometry);
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([info.width, info.height], [190 + 12 + 90, 34 + 12 + 8]);
  const pixel = (
    x: number,
    y: number,
  ) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
  // The black cell spans x 192..199 and y 36..43; the gap just before and after it is white.
  for (const [x, y] of [[192, 36], [199, 43], [195, 40]] as const) {
    assert.deepEqual(pixel(x, y), [0, 0, 0], `${x},${y}`);
  }
  for (const [x, y] of [[191, 40], [200, 40], [195, 35], [195, 44]] as const) {
    assert.deepEqual(pixel(x, y), [255, 255, 255], `${x},${y}`);
  }
});
