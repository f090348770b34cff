/**
 * Vega-Lite specs drawn headlessly: compiled to Vega, run in a View without a renderer, and
 * serialised to SVG text (then to PNG by lib/core/render/png.ts). The same spec is what the viewer
 * draws live in the browser, so the artifact picture and the live chart cannot drift apart.
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** A Vega-Lite specification (the JSON a chart is declared in). */
export type VegaLiteSpec = TopLevelSpec;

/** Renders are chained: SVG clip and gradient ids come from one counter per process. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * `spec` drawn as an SVG document. Byte-identical for the same spec: the clip and gradient
 * ids Vega numbers per process are reset before each drawing, and drawings never overlap.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { vegaLiteSvg } from "./vega_svg.ts";
 * const spec = {
 *   data: { values: [{ x: 1, y: 2 }, { x: 2, y: 3 }] },
 *   mark: "line" as const,
 *   encoding: { x: { field: "x", type: "quantitative" as const }, y: { field: "y", type: "quantitative" as const } },
 * };
 * const svg = await vegaLiteSvg(spec);
 * assert.ok(svg.startsWith("<svg"));
 * assert.equal(svg, await vegaLiteSvg(spec));
 * ```
 */
export function vegaLiteSvg(spec: VegaLiteSpec): Promise<string> {
  const drawing = queue.then(async () => {
    const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
    try {
      vega.resetSVGDefIds();
      return await view.toSVG();
    } finally {
      view.finalize();
    }
  });
  queue = drawing.catch(() => {});
  return drawing;
}
