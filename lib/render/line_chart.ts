/**
 * A small line chart as SVG text (rendered to PNG elsewhere): one or more series over a
 * shared x axis, with axis labels, tick values and a legend. Pure string building.
 */
import { escapeXml } from "./xml_escape.ts";

/** One series to draw. */
export interface Series {
  label: string;
  color: string;
  /** Points as [x, y]. */
  points: [number, number][];
}

/** What to draw and how large. */
export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  width?: number;
  height?: number;
}

/** About `count` round tick values (steps of 1, 2 or 5 × 10^k) from `min` to `max`. */
export function niceTicks(min: number, max: number, count: number): number[] {
  const span = max - min || 1;
  const step0 = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= step0) ?? step0;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + 1e-9; t += step) {
    ticks.push(Number(t.toPrecision(12)));
  }
  return ticks;
}

/**
 * Renders `chart` as an SVG document string.
 *
 * @example
 * ```ts
 * import { lineChartSvg } from "./line_chart.ts";
 * const svg = lineChartSvg({ title: "t", xLabel: "x", yLabel: "y", series: [{ label: "a", color: "red", points: [[1, 2], [2, 1]] }] });
 * svg.startsWith("<svg"); // true
 * ```
 */
export function lineChartSvg(chart: LineChart): string {
  const width = chart.width ?? 720;
  const height = chart.height ?? 420;
  const margin = { left: 70, right: 20, top: 40, bottom: 50 };
  const all = chart.series.flatMap((s) => s.points);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  const [yMin, yMax] = [Math.min(...ys), Math.max(...ys)];
  const yPad = (yMax - yMin) * 0.05 || 1;
  const [y0, y1] = [yMin - yPad, yMax + yPad];
  const px = (x: number) =>
    margin.left + ((x - xMin) / (xMax - xMin || 1)) * (width - margin.left - margin.right);
  const py = (y: number) =>
    height - margin.bottom - ((y - y0) / (y1 - y0)) * (height - margin.top - margin.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="15">${escapeXml(chart.title)}</text>`,
  ];
  for (const t of niceTicks(y0, y1, 6)) {
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${py(t).toFixed(1)}" y2="${
        py(t).toFixed(1)
      }" stroke="#e5e5e5"/>`,
      `<text x="${margin.left - 6}" y="${(py(t) + 4).toFixed(1)}" text-anchor="end">${t}</text>`,
    );
  }
  for (const t of niceTicks(xMin, xMax, 8)) {
    parts.push(
      `<text x="${px(t).toFixed(1)}" y="${height - margin.bottom + 16}" text-anchor="middle">${t}</text>`,
    );
  }
  parts.push(
    `<rect x="${margin.left}" y="${margin.top}" width="${width - margin.left - margin.right}" height="${
      height - margin.top - margin.bottom
    }" fill="none" stroke="#444"/>`,
    `<text x="${width / 2}" y="${height - 12}" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`,
    `<text transform="translate(18 ${height / 2}) rotate(-90)" text-anchor="middle">${
      escapeXml(chart.yLabel)
    }</text>`,
  );
  chart.series.forEach((s, i) => {
    const points = s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(" ");
    parts.push(`<polyline points="${points}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    for (const [x, y] of s.points) {
      parts.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="2.5" fill="${s.color}"/>`);
    }
    const ly = margin.top + 16 + i * 18;
    parts.push(
      `<line x1="${width - margin.right - 150}" x2="${width - margin.right - 130}" y1="${ly - 4}" y2="${
        ly - 4
      }" stroke="${s.color}" stroke-width="2"/>`,
      `<text x="${width - margin.right - 124}" y="${ly}">${escapeXml(s.label)}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("\n");
}
