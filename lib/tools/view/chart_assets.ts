/**
 * The scripts that draw the viewer's charts live: Vega, Vega-Lite and vega-embed from their
 * installed npm packages (never a CDN), and lib/tools/view/assets/charts.js, which embeds each chart
 * figure of a page. Served under /assets/charts/.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Each script by URL name: the package it comes from (undefined: ours) and its file there. */
const SCRIPTS: Record<string, { from?: string; file: string }> = {
  "vega.min.js": { from: "vega", file: "vega.min.js" },
  "vega-lite.min.js": { from: "vega-lite", file: "vega-lite.min.js" },
  "vega-embed.min.js": { from: "vega-embed", file: "vega-embed.min.js" },
  "charts.js": { file: "charts.js" },
};

/** The URL path under which the chart scripts are served. */
export const CHART_ASSET_PREFIX = "/assets/charts/";

/** The script URLs a page with charts loads, in order (each library needs the ones before it). */
export const CHART_SCRIPTS: readonly string[] = Object.keys(SCRIPTS).map((name) => CHART_ASSET_PREFIX + name);

/**
 * The file behind chart script `name` (the part of the URL after {@link CHART_ASSET_PREFIX}),
 * or undefined when there is no such script.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chartAssetPath } from "./chart_assets.ts";
 * assert.match(chartAssetPath("vega-lite.min.js")!, /vega-lite.*vega-lite\.min\.js$/);
 * assert.equal(chartAssetPath("../deno.json"), undefined);
 * ```
 */
export function chartAssetPath(name: string): string | undefined {
  if (!Object.hasOwn(SCRIPTS, name)) return undefined;
  const { from, file } = SCRIPTS[name]!;
  if (from === undefined) return new URL(`./assets/${file}`, import.meta.url).pathname;
  // The packages export only their module entry (in build/), beside which the browser builds lie.
  return join(dirname(createRequire(import.meta.url).resolve(from)), file);
}
