/**
 * What every chart shares: the Vega-Lite schema it is written against, its font (the page's,
 * and the one librsvg rasterises the PNGs with), its background, and the legend-bound
 * selection that lets a reader of the live chart pick series.
 */
import type { VegaLiteSpec } from "./vega_svg.ts";

/** The Vega-Lite schema version the specs are written for (vega-lite 6). */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** The font of every chart: DejaVu Sans, the viewer's font and the one Debian's librsvg finds. */
const FONT = "DejaVu Sans";

/** The top-level settings of every chart: a `width × height` picture on white, in one font. */
export function chartFrame(width: number, height: number): Partial<VegaLiteSpec> {
  return {
    $schema: VEGA_LITE_SCHEMA,
    width,
    height,
    autosize: { type: "fit", contains: "padding" },
    background: "white",
    config: { font: FONT, title: { fontSize: 14, fontWeight: "normal" }, legend: { labelLimit: 320 } },
  };
}

/**
 * The name of the selection a click on a legend entry makes (shift-click adds series, a
 * double-click clears it): the chosen series stay opaque, the others fade.
 */
export const SERIES_SELECTION = "picked";

/** The selection parameter bound to the legend of field `field`. */
export function legendSelection(field: string) {
  return {
    name: SERIES_SELECTION,
    select: { type: "point" as const, fields: [field] },
    bind: "legend" as const,
  };
}

/** Opacity of a mark: full for the picked series (all of them when none is picked), faint otherwise. */
export const PICKED_OPACITY = { condition: { param: SERIES_SELECTION, value: 1 }, value: 0.15 };
