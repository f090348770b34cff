/**
 * HTML building for the viewer's pages and report.html: escaping, and the page frame with
 * its navigation and style. Pages are built as strings on the server; nothing user-given is
 * put in a page unescaped.
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
`;

/** A whole page: title, navigation (unless `standalone`), body, and optional script tags. */
export function htmlPage(
  title: string,
  body: string,
  options: { standalone?: boolean; scripts?: string[] } = {},
): string {
  const nav = options.standalone ? "" : `<header><a href="/">Runs</a><a href="/compare">Compare</a></header>`;
  const scripts = (options.scripts ?? []).map((src) => `<script src="${escapeHtml(src)}"></script>`).join(
    "\n",
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<style>${PAGE_STYLE}</style>
</head>
<body>
${nav}
<main>
${body}
</main>
${scripts}
</body>
</html>
`;
}

/** A table: header cells and rows of already-escaped HTML cells; `sortable` adds click-to-sort. */
export function htmlTable(
  header: string[],
  rows: string[][],
  options: { sortable?: boolean; id?: string } = {},
): string {
  const id = options.id ? ` id="${escapeHtml(options.id)}"` : "";
  const cls = options.sortable ? ` class="sortable"` : "";
  const numeric = (cell: string) => /^-?[\d.,e+-]+( ± [\d.e+-]+)?$/.test(cell.trim()) ? ` class="num"` : "";
  return `<table${id}${cls}>
<thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>
<tbody>
${rows.map((row) => `<tr>${row.map((cell) => `<td${numeric(cell)}>${cell}</td>`).join("")}</tr>`).join("\n")}
</tbody>
</table>`;
}
