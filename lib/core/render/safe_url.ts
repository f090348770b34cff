/**
 * URL checks for links and images on the pages: a relative URL, http(s) or mailto, and (where
 * allowed) a base64 PNG data: URI; never javascript: or any other scheme, however spelled.
 */
import { decodeHTMLAttribute } from "entities";

/**
 * The URL a link or image target written in markup stands for, when it may be on a page;
 * undefined when not. `written` is the target as an HTML attribute or markdown holds it,
 * character references still encoded (`&#106;avascript&colon;` is `javascript:`), as marked
 * hands it over: it is decoded as a browser decodes an attribute value, and the scheme is
 * checked on the decoded URL (see {@link isSafeUrl}). Put the result in an attribute escaped
 * ({@link safeHtml}), never the written form, so the browser follows exactly the URL checked.
 *
 * The decoder is the `entities` package (what markdown-it, htmlparser2 and parse5 use): the
 * HTML named-reference table has over 2,000 names and legacy rules for a missing `;`, and
 * marked 18 exports no decoder of its own.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { safeUrl } from "./safe_url.ts";
 * assert.equal(safeUrl("https://x.org/?a=1&amp;b=2"), "https://x.org/?a=1&b=2");
 * assert.equal(safeUrl("/f&ouml;&#246;"), "/föö");
 * assert.equal(safeUrl("&#106;avascript:alert(1)"), undefined);
 * ```
 */
export function safeUrl(written: string, options: { dataImages?: boolean } = {}): string | undefined {
  const url = decodeHTMLAttribute(written);
  return isSafeDecodedUrl(url, options) ? url : undefined;
}

/**
 * Whether a link or image target written in markup (character references still encoded, see
 * {@link safeUrl}) may be on a page: a relative URL (path, query or fragment), http(s) or
 * mailto — never javascript:, data:, vbscript: or any other scheme, however it is spelled
 * with character references, whitespace or control characters. With `dataImages`, also a
 * base64 PNG data: URI (report.html's inlined pictures).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isSafeUrl } from "./safe_url.ts";
 * assert.ok(isSafeUrl("figure.png") && isSafeUrl("/files/x") && isSafeUrl("https://keras.io/"));
 * assert.ok(!isSafeUrl("javascript:alert(1)") && !isSafeUrl(" JaVa\tScRiPt:alert(1)"));
 * assert.ok(!isSafeUrl("data:text/html,<script>alert(1)</script>"));
 * assert.ok(isSafeUrl("data:image/png;base64,iVBORw0K", { dataImages: true }));
 * // Character references (decimal, hex, named) and whitespace they encode are decoded first.
 * for (
 *   const hostile of [
 *     "&#106;avascript:alert(1)",
 *     "&#x6A;avascript&#58;alert(1)",
 *     "jav&#97;script:alert(1)",
 *     "&Tab;javascript:alert(1)",
 *     "javascript&colon;alert(1)",
 *     "&#0000106avascript:alert(1)",
 *     "data&colon;text/html,<script>alert(1)</script>",
 *   ]
 * ) assert.ok(!isSafeUrl(hostile) && !isSafeUrl(hostile, { dataImages: true }), hostile);
 * ```
 */
export function isSafeUrl(written: string, options: { dataImages?: boolean } = {}): boolean {
  return safeUrl(written, options) !== undefined;
}

/** {@link isSafeUrl} of a URL whose character references are already decoded. */
function isSafeDecodedUrl(url: string, options: { dataImages?: boolean }): boolean {
  // Browsers drop ASCII whitespace and control characters around a URL and tabs and newlines
  // inside it; dropping every one of them anywhere sees at least every scheme a browser sees.
  // deno-lint-ignore no-control-regex
  const plain = url.replace(/[\u0000-\u0020\u007f]/g, "");
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(plain)?.[1]?.toLowerCase();
  if (scheme === undefined) return !plain.startsWith("//") && !plain.startsWith("\\");
  if (scheme === "http" || scheme === "https" || scheme === "mailto") return true;
  return options.dataImages === true && /^data:image\/png;base64,[A-Za-z0-9+/=]*$/.test(plain);
}
