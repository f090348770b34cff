/**
 * HTML building for the viewer's pages and report.html: the `safeHtml` tagged template, which
 * escapes every interpolated value unless it is already {@link Html} (markup this code made),
 * and the page frame with its navigation and the one stylesheet (URL checks: safe_url.ts). Nothing read from
 * an artifact can reach a page as markup by being interpolated: a string is always text.
 */
import { pageStyle } from "./page_style.ts";

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
 * The Content-Security-Policy of a standalone page (report.html opened from disk): no script
 * at all, no request anywhere, only its inline style and its data: images.
 */
export const STANDALONE_CSP =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** The pages the bar on top links to, by the name `htmlPage`'s `current` marks. */
export const SITE_NAV = [
  { name: "answer", href: "/", label: "Answer" },
  { name: "runs", href: "/runs", label: "Runs" },
  { name: "sweeps", href: "/runs#sweeps", label: "Sweeps" },
  { name: "compare", href: "/compare", label: "Compare" },
] as const;

/** A page the bar on top names. */
export type SitePage = typeof SITE_NAV[number]["name"];

/**
 * A whole page: title, the bar on top (unless `standalone`) with `current` marked, body, and
 * script tags for `scripts` (URLs of the server's own script files). Every page scales to the
 * device's width (viewport meta). A served page links the one stylesheet, /assets/view.css;
 * a standalone page inlines it and carries {@link STANDALONE_CSP} in a meta tag, so it runs
 * no script wherever it is opened.
 */
export function htmlPage(
  title: string,
  body: Html,
  options: { standalone?: boolean; scripts?: readonly string[]; current?: SitePage } = {},
): string {
  const links = SITE_NAV.map((item) =>
    safeHtml`<a href="${item.href}"${
      item.name === options.current ? safeHtml` aria-current="page"` : ""
    }>${item.label}</a>`
  );
  const nav = options.standalone ? "" : safeHtml`<header class="site"><a class="brand" href="/">VAE viewer</a>
<nav>${links}</nav></header>`;
  const head = options.standalone
    ? safeHtml`<meta http-equiv="Content-Security-Policy" content="${STANDALONE_CSP}">
<style>${trustedMarkup(pageStyle())}</style>`
    : safeHtml`<link rel="stylesheet" href="/assets/view.css">`;
  const scripts = (options.scripts ?? []).map((src) => safeHtml`<script src="${src}"></script>`);
  return safeHtml`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
${head}
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

/**
 * A table in a box that scrolls sideways when the table is wider than the screen: header
 * cells and rows of cells (text is escaped, {@link Html} kept). Cells that are numbers (or
 * "mean ± std [low, high]") align right. `sortable` adds click-to-sort
 * (lib/tools/view/assets/sort_tables.js), `columnClasses` a class per column (its header and cells).
 */
export function htmlTable(
  header: string[],
  rows: HtmlValue[][],
  options: { sortable?: boolean; id?: string; columnClasses?: readonly (string | undefined)[] } = {},
): Html {
  const numeric = (cell: string) => /^[-−]?[\d.,e+-]+( ± [\d.e+-]+)?( \[[-−\d.e+, ]+\])?$/.test(cell.trim());
  const classes = (...names: (string | false | undefined)[]) => {
    const list = names.filter(Boolean).join(" ");
    return list ? ` class="${escapeHtml(list)}"` : "";
  };
  const body = rows.map((row) =>
    `<tr>${
      row.map((cell, i) => {
        const markup = render(cell);
        return `<td${classes(options.columnClasses?.[i], numeric(markup) && "num")}>${markup}</td>`;
      }).join("")
    }</tr>`
  ).join("\n");
  const id = options.id ? safeHtml` id="${options.id}"` : "";
  const sortable = options.sortable ? safeHtml` class="sortable"` : "";
  const heads = header.map((h, i) =>
    safeHtml`<th${trustedMarkup(classes(options.columnClasses?.[i]))}>${h}</th>`
  );
  return safeHtml`<div class="table-scroll"><table${id}${sortable}>
<thead><tr>${heads}</tr></thead>
<tbody>
${trustedMarkup(body)}
</tbody>
</table></div>`;
}
