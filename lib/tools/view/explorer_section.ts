/**
 * Where the pages meet the live explorer: its mount markup, the script files a page with it
 * loads, the asset files the server serves for it, and whether it still needs inline styles.
 * The one file the pages and the explorer's code both touch, so each side can change
 * without editing the other's files (the explorer itself is lib/tools/view/explorer/, bundled and
 * served as /assets/explorer.js by lib/tools/view/explorer/explorer_assets.ts).
 */
import { createRequire } from "node:module";
import { type Html, safeHtml } from "../../core/render/html.ts";

/** What the explorer runs on: the export whose models it loads and the mnist whose test digits it offers. */
export interface ExplorerMount {
  exportId: string;
  mnistId: string;
  /** The latent size metrics.json states (0 when it states none). */
  latentDims: number;
}

/**
 * The explorer's mount point: the section its script finds by id and fills in, with the ids
 * it reads from data attributes (escaped: they come from an artifact).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { explorerSection } from "./explorer_section.ts";
 * const markup = explorerSection({ exportId: "0123456789abcdef", mnistId: "fedcba9876543210", latentDims: 2 }).markup;
 * assert.match(markup, /^<section id="explorer" data-export-id="0123456789abcdef"/);
 * ```
 */
export function explorerSection(mount: ExplorerMount): Html {
  return safeHtml`<section id="explorer" data-export-id="${mount.exportId}" data-mnist-id="${mount.mnistId}" data-latent-dims="${mount.latentDims}"><h2>Explorer</h2><p>Loading the exported models…</p></section>`;
}

/** The script URLs a page with the explorer loads, in order (tfjs' prelude, tfjs, the explorer). */
export const EXPLORER_SCRIPTS: readonly string[] = [
  "/assets/tfjs_prelude.js",
  "/assets/tf.min.js",
  "/assets/explorer.js",
];

/** tfjs' files the server serves under /assets/<name> for the explorer: name → path on disk (JavaScript). */
export const EXPLORER_ASSETS: Readonly<Record<string, () => string>> = {
  "tfjs_prelude.js": () => new URL("./assets/tfjs_prelude.js", import.meta.url).pathname,
  "tf.min.js": () => createRequire(import.meta.url).resolve("@tensorflow/tfjs/dist/tf.min.js"),
};

/**
 * Whether a page with the explorer must allow inline styles (CSP style-src 'unsafe-inline'):
 * no longer, since the explorer links its stylesheet and sets bar widths through CSSOM custom
 * properties (tests/tools/view/explorer_browser_test.ts checks it under a policy without them).
 */
export const EXPLORER_NEEDS_INLINE_STYLE = false;
