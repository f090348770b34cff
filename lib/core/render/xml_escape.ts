/**
 * Escapes text for an SVG/XML element or a quoted attribute.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { escapeXml } from "./xml_escape.ts";
 * assert.equal(escapeXml(`<a b="c">'&'`), "&lt;a b=&quot;c&quot;&gt;&apos;&amp;&apos;");
 * ```
 */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}
