/**
 * The pages' one stylesheet, lib/core/render/view.css: where it is (the viewer serves it as
 * /assets/view.css) and its text (report.html inlines it, so it opens from disk alone).
 */

/** The stylesheet's file. */
export const PAGE_STYLESHEET: URL = new URL("./view.css", import.meta.url);

let text: string | undefined;

/**
 * The stylesheet's text, read once.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pageStyle } from "./page_style.ts";
 * assert.match(pageStyle(), /\.table-scroll \{/);
 * ```
 */
export function pageStyle(): string {
  text ??= Deno.readTextFileSync(PAGE_STYLESHEET);
  return text;
}
