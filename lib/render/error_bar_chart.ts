/**
 * A chart of means with ±1 standard deviation error bars as SVG text: one or more series
 * over a numeric x axis, log₂-scaled when x spans a factor of 8 or more (latent sizes 2…64).
 * Pure string building.
 */
import { niceTicks } from "./line_chart.ts";
import { escapeXml } from "./xml_escape.ts";

/** One point: x, the mean, its standard deviation (NaN: no bar). */
export interface ErrorBarPoint {
  x: number;
  mean: number;
  std: number;
}

/** What to draw. */
export interface ErrorBarChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: { label: string; color: string; points: ErrorBarPoint[] }[];
}

/**
 * Renders `chart` as an SVG document string.
 *
 * @example
 * ```ts
 * import { errorBarChartSvg } from "./error_bar_chart.ts";
 * const svg = errorBarChartSvg({ title: "t", xLabel: "x", yLabel: "y", series: [{ label: "a", color: "red", points: [{ x: 2, mean: 1, std: 0.1 }] }] });
 * svg.includes("<line"); // true
 * ```
 */
export function errorBarChartSvg(chart: ErrorBarChart): string {
  const [width, height] = [640, 400];
  const margin = { left: 80, right: 20, top: 40, bottom: 50 };
  const points = chart.series.flatMap((s) => s.points);
  const xs = points.map((p) => p.x);
  const lows = points.map((p) => p.mean - (Number.isFinite(p.std) ? p.std : 0));
  const highs = points.map((p) => p.mean + (Number.isFinite(p.std) ? p.std : 0));
  const logX = Math.min(...xs) > 0 && Math.max(...xs) / Math.min(...xs) >= 8;
  const fx = (x: number) => logX ? Math.log2(x) : x;
  const [xMin, xMax] = [Math.min(...xs.map(fx)), Math.max(...xs.map(fx))];
  const xPad = (xMax - xMin) * 0.06 || 1;
  const [yMin, yMax] = [Math.min(...lows), Math.max(...highs)];
  const yPad = (yMax - yMin) * 0.08 || Math.abs(yMax) * 0.05 || 1;
  const [y0, y1] = [yMin - yPad, yMax + yPad];
  const px = (x: number) =>
    margin.left + ((fx(x) - xMin + xPad) / (xMax - xMin + 2 * xPad)) * (width - margin.left - margin.right);
  const py = (y: number) =>
    height - margin.bottom - ((y - y0) / (y1 - y0)) * (height - margin.top - margin.bottom);
  const f = (v: number) => v.toFixed(1);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="15">${escapeXml(chart.title)}</text>`,
  ];
  for (const t of niceTicks(y0, y1, 6)) {
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${f(py(t))}" y2="${
        f(py(t))
      }" stroke="#e5e5e5"/>`,
      `<text x="${margin.left - 6}" y="${f(py(t) + 4)}" text-anchor="end">${t}</text>`,
    );
  }
  for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
    parts.push(`<text x="${f(px(x))}" y="${height - margin.bottom + 16}" text-anchor="middle">${x}</text>`);
  }
  parts.push(
    `<rect x="${margin.left}" y="${margin.top}" width="${width - margin.left - margin.right}" height="${
      height - margin.top - margin.bottom
    }" fill="none" stroke="#444"/>`,
    `<text x="${width / 2}" y="${height - 12}" text-anchor="middle">${escapeXml(chart.xLabel)}${
      logX ? " (log scale)" : ""
    }</text>`,
    `<text transform="translate(18 ${height / 2}) rotate(-90)" text-anchor="middle">${
      escapeXml(chart.yLabel)
    }</text>`,
  );
  chart.series.forEach((s, i) => {
    const sorted = [...s.points].sort((a, b) => a.x - b.x);
    parts.push(
      `<polyline points="${
        sorted.map((p) => `${f(px(p.x))},${f(py(p.mean))}`).join(" ")
      }" fill="none" stroke="${s.color}" stroke-width="2"/>`,
    );
    for (const p of sorted) {
      if (Number.isFinite(p.std) && p.std > 0) {
        const [x, top, bottom] = [px(p.x), py(p.mean + p.std), py(p.mean - p.std)];
        parts.push(
          `<line x1="${f(x)}" x2="${f(x)}" y1="${f(top)}" y2="${f(bottom)}" stroke="${s.color}"/>`,
          `<line x1="${f(x - 5)}" x2="${f(x + 5)}" y1="${f(top)}" y2="${f(top)}" stroke="${s.color}"/>`,
          `<line x1="${f(x - 5)}" x2="${f(x + 5)}" y1="${f(bottom)}" y2="${f(bottom)}" stroke="${s.color}"/>`,
        );
      }
      parts.push(`<circle cx="${f(px(p.x))}" cy="${f(py(p.mean))}" r="3" fill="${s.color}"/>`);
    }
    if (chart.series.length > 1) {
      const ly = margin.top + 16 + i * 18;
      parts.push(
        `<line x1="${width - margin.right - 170}" x2="${width - margin.right - 150}" y1="${ly - 4}" y2="${
          ly - 4
        }" stroke="${s.color}" stroke-width="2"/>`,
        `<text x="${width - margin.right - 144}" y="${ly}">${escapeXml(s.label)}</text>`,
      );
    }
  });
  parts.push("</svg>");
  return parts.join("\n");
}
