/**
 * HTML building for the viewer's pages and report.html: the `safeHtml` tagged template, which
 * escapes every interpolated value unless it is already {@link Html} (markup this code made),
 * URL checks for links, and the page frame with its navigation and style. Nothing read from
 * an artifact can reach a page as markup by being interpolated: a string is always text.
 */

/**
 * Escapes text for an HTML element or a quoted attribute.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { escapeHtml } from "./html.ts";
 * assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Markup made by this code (never by an artifact): interpolated into {@link html} as is. */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

/** What {@link html} interpolates: markup as is, text escaped, lists joined, nothing for null/undefined/false. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(String(value));
}

/**
 * A piece of markup with every value escaped for text or a quoted attribute (values inside
 * attributes must be quoted in the template); {@link Html} values are kept as they are.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { safeHtml } from "./html.ts";
 * const name = `"><script>alert(1)</script>`;
 * assert.equal(
 *   safeHtml`<p title="${name}">${name}</p>`.markup,
 *   `<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>`,
 * );
 * assert.equal(safeHtml`<ul>${["a", "b"].map((x) => safeHtml`<li>${x}</li>`)}</ul>`.markup, "<ul><li>a</li><li>b</li></ul>");
 * ```
 */
export function safeHtml(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let markup = strings[0]!;
  for (let i = 0; i < values.length; i++) markup += render(values[i]!) + strings[i + 1]!;
  return new Html(markup);
}

/**
 * Markup from one of this project's own renderers (an SVG chart, markdown rendered with raw
 * HTML escaped): the one way to mark a string as markup, so each use can be checked.
 */
export function trustedMarkup(markup: string): Html {
  return new Html(markup);
}

/**
 * Whether `url` may be a link or image target on a page: a relative URL (path, query or
 * fragment), http(s) or mailto — never javascript:, data:, vbscript: or any other scheme. With
 * `dataImages`, also a base64 PNG data: URI (report.html's inlined pictures).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isSafeUrl } from "./html.ts";
 * assert.ok(isSafeUrl("figure.png") && isSafeUrl("/files/x") && isSafeUrl("https://keras.io/"));
 * assert.ok(!isSafeUrl("javascript:alert(1)") && !isSafeUrl(" JaVa\tScRiPt:alert(1)"));
 * assert.ok(!isSafeUrl("data:text/html,<script>alert(1)</script>"));
 * assert.ok(isSafeUrl("data:image/png;base64,iVBORw0K", { dataImages: true }));
 * ```
 */
export function isSafeUrl(url: string, options: { dataImages?: boolean } = {}): boolean {
  // Browsers drop ASCII whitespace and control characters anywhere in a URL's scheme.
  // deno-lint-ignore no-control-regex
  const plain = url.replace(/[\u0000-\u0020\u007f]/g, "");
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(plain)?.[1]?.toLowerCase();
  if (scheme === undefined) return !plain.startsWith("//") && !plain.startsWith("\\");
  if (scheme === "http" || scheme === "https" || scheme === "mailto") return true;
  return options.dataImages === true && /^data:image\/png;base64,[A-Za-z0-9+/=]*$/.test(plain);
}

/** The style every page shares (inlined, so report.html needs no other file). */
export const PAGE_STYLE = `
body { font-family: "DejaVu Sans", system-ui, sans-serif; margin: 0; color: #222; }
header { background: #233; color: white; padding: 0.6em 1.2em; }
header a { color: #cfe; margin-right: 1.2em; text-decoration: none; }
main { padding: 1em 1.5em; max-width: 1200px; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #eef; cursor: pointer; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { background: #f5f5f5; }
pre { padding: 0.6em; overflow-x: auto; }
img { max-width: 100%; }
.failed { color: #b00; font-weight: bold; }
.error { border: 2px solid #b00; padding: 1em; background: #fee; }
nav.pages a, nav.pages span { margin-right: 1em; }
`;

/**
 * The Content-Security-Policy of a standalone page (report.html opened from disk): no script
 * at all, no request anywhere, only its inline style and its data: images.
 */
export const STANDALONE_CSP =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/**
 * A whole page: title, navigation (unless `standalone`), body, and script tags for `scripts`
 * (URLs of the server's own script files). A standalone page carries {@link STANDALONE_CSP}
 * in a meta tag, so it runs no script wherever it is opened.
 */
export function htmlPage(
  title: string,
  body: Html,
  options: { standalone?: boolean; scripts?: string[] } = {},
): string {
  const nav = options.standalone
    ? ""
    : safeHtml`<header><a href="/">Runs</a><a href="/compare">Compare</a></header>`;
  const csp = options.standalone
    ? safeHtml`\n<meta http-equiv="Content-Security-Policy" content="${STANDALONE_CSP}">`
    : "";
  const scripts = (options.scripts ?? []).map((src) => safeHtml`<script src="${src}"></script>`);
  return safeHtml`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">${csp}
<title>${title}</title>
<link rel="icon" href="data:,">
<style>${trustedMarkup(PAGE_STYLE)}</style>
</head>
<body>
${nav}
<main>
${body}
</main>
${scripts.map((s, i) => [i ? "\n" : "", s])}
</body>
</html>
`.markup;
}

/** A table: header cells and rows of cells (text is escaped, {@link Html} kept); `sortable` adds click-to-sort. */
export function htmlTable(
  header: string[],
  rows: HtmlValue[][],
  options: { sortable?: boolean; id?: string } = {},
): Html {
  const numeric = (cell: string) => /^-?[\d.,e+-]+( ± [\d.e+-]+)?$/.test(cell.trim()) ? ` class="num"` : "";
  const body = rows.map((row) =>
    `<tr>${
      row.map((cell) => {
        const markup = render(cell);
        return `<td${numeric(markup)}>${markup}</td>`;
      }).join("")
    }</tr>`
  ).join("\n");
  const id = options.id ? safeHtml` id="${options.id}"` : "";
  const sortable = options.sortable ? safeHtml` class="sortable"` : "";
  return safeHtml`<table${id}${sortable}>
<thead><tr>${header.map((h) => safeHtml`<th>${h}</th>`)}</tr></thead>
<tbody>
${trustedMarkup(body)}
</tbody>
</table>`;
}
