/**
 * A chart on a page: the SVG drawn on the server (what report.html and a page without script
 * show), carrying its Vega-Lite spec in an attribute, HTML-escaped like any value, so that the
 * viewer's script (lib/tools/view/assets/charts.js) can redraw it live: values on hover, series
 * picked from the legend.
 */
import { type Html, safeHtml, trustedMarkup } from "./html.ts";
import { type VegaLiteSpec, vegaLiteSvg } from "./vega_svg.ts";

/** The attribute of a chart's figure that holds its spec as JSON. */
export const SPEC_ATTRIBUTE = "data-vega-lite";

/**
 * `spec` drawn as a figure: `<figure class="chart" data-vega-lite="…">` around its SVG.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chartFigure } from "./chart_figure.ts";
 * const spec = {
 *   data: { values: [{ x: 1, y: 2, label: "<b>" }] },
 *   mark: "point" as const,
 *   encoding: { x: { field: "x", type: "quantitative" as const }, y: { field: "y", type: "quantitative" as const } },
 * };
 * const figure = (await chartFigure(spec)).markup;
 * assert.ok(figure.startsWith(`<figure class="chart" data-vega-lite="{&quot;data&quot;:`));
 * assert.ok(figure.includes("<svg") && !figure.includes("<b>"));
 * ```
 */
export async function chartFigure(spec: VegaLiteSpec): Promise<Html> {
  // The SVG comes from Vega's own serialiser, which escapes every text and attribute value.
  const svg = await vegaLiteSvg(spec);
  return safeHtml`<figure class="chart" data-vega-lite="${JSON.stringify(spec)}">${
    trustedMarkup(svg)
  }</figure>`;
}
