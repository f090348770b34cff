/**
 * Figures of digit-sized images: rows of 28×28 cells, each row grey (pixel values) or a
 * heatmap with its own scale, drawn into an RGB raster, then labelled with SVG text and a
 * colour bar per heatmap row. The raster is pure; rendering to PNG goes through sharp.
 */
import { Buffer } from "node:buffer";
import { grey, inferno, type Rgb } from "./colormap.ts";
import { rgbToPng, svgToPng } from "./png.ts";
import { escapeXml } from "./xml_escape.ts";

/** One row of the figure. */
export interface GridRow {
  label: string;
  /** Cells of side × side values. */
  cells: Float32Array[];
  /** "grey": values in [0, 1]; "heat": values in [0, vmax] through the inferno map. */
  style: "grey" | "heat";
  /** Upper end of the heatmap scale (default: the row's maximum). */
  vmax?: number;
}

/** Pixels per image side and magnification. */
export interface GridGeometry {
  side: number;
  scale: number;
  gap: number;
}

/** The upper end of a row's colour scale. */
export function rowScale(row: GridRow): number {
  if (row.style === "grey") return 1;
  if (row.vmax !== undefined) return row.vmax;
  let max = 0;
  for (const cell of row.cells) for (const v of cell) if (v > max) max = v;
  return max || 1;
}

/** Draws the rows as an RGB raster (white gaps between cells). */
export function gridRaster(
  rows: GridRow[],
  g: GridGeometry,
): { rgb: Uint8Array; width: number; height: number } {
  const columns = Math.max(...rows.map((r) => r.cells.length));
  const cellPx = g.side * g.scale;
  const width = columns * cellPx + (columns + 1) * g.gap;
  const height = rows.length * cellPx + (rows.length + 1) * g.gap;
  const rgb = new Uint8Array(width * height * 3).fill(255);
  rows.forEach((row, r) => {
    const vmax = rowScale(row);
    row.cells.forEach((cell, c) => {
      const x0 = g.gap + c * (cellPx + g.gap);
      const y0 = g.gap + r * (cellPx + g.gap);
      for (let y = 0; y < cellPx; y++) {
        for (let x = 0; x < cellPx; x++) {
          const v = cell[Math.floor(y / g.scale) * g.side + Math.floor(x / g.scale)]!;
          const color: Rgb = row.style === "grey" ? grey(v) : inferno(v / vmax);
          rgb.set(color, ((y0 + y) * width + x0 + x) * 3);
        }
      }
    });
  });
  return { rgb, width, height };
}

function colourBarPng(height: number): Promise<Uint8Array> {
  const width = 12;
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const color = inferno(1 - y / (height - 1));
    for (let x = 0; x < width; x++) rgb.set(color, (y * width + x) * 3);
  }
  return rgbToPng(rgb, width, height);
}

function formatScale(v: number): string {
  return v >= 0.01 ? v.toFixed(3) : v.toExponential(2);
}

/**
 * Renders the labelled figure as PNG bytes: a title, row labels on the left, and for each
 * heatmap row a colour bar with its 0 and maximum on the right.
 */
export async function renderGridPng(
  title: string,
  rows: GridRow[],
  g: GridGeometry = { side: 28, scale: 3, gap: 4 },
): Promise<Uint8Array> {
  const raster = gridRaster(rows, g);
  const gridPng = await rgbToPng(raster.rgb, raster.width, raster.height);
  const cellPx = g.side * g.scale;
  const left = 190;
  const top = 34;
  const right = 90;
  const bar = await colourBarPng(cellPx);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${
      left + raster.width + right
    }" height="${top + raster.height + 8}" font-family="DejaVu Sans, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="8" y="20" font-size="14">${escapeXml(title)}</text>`,
    `<image x="${left}" y="${top}" width="${raster.width}" height="${raster.height}" xlink:href="data:image/png;base64,${
      Buffer.from(gridPng).toString("base64")
    }"/>`,
  ];
  rows.forEach((row, r) => {
    const y0 = top + g.gap + r * (cellPx + g.gap);
    const lines = row.label.split("\n");
    lines.forEach((line, i) => {
      parts.push(
        `<text x="${left - 8}" y="${
          y0 + cellPx / 2 + 4 + (i - (lines.length - 1) / 2) * 14
        }" text-anchor="end">${escapeXml(line)}</text>`,
      );
    });
    if (row.style === "heat") {
      const x = left + raster.width + 8;
      parts.push(
        `<image x="${x}" y="${y0}" width="12" height="${cellPx}" xlink:href="data:image/png;base64,${
          Buffer.from(bar).toString("base64")
        }"/>`,
        `<text x="${x + 16}" y="${y0 + 10}">${formatScale(rowScale(row))}</text>`,
        `<text x="${x + 16}" y="${y0 + cellPx}">0</text>`,
      );
    }
  });
  parts.push("</svg>");
  return await svgToPng(parts.join("\n"));
}
