/**
 * The evaluation page: the evaluation's report.md rendered (the same words and numbers), the
 * model's loss curve, and every number of metrics.json. Served by the viewer (with the live
 * explorer) and written by evaluate as report.html (images inlined, no explorer), from this
 * one renderer. Both files come from an artifact, which may be someone else's: raw HTML in
 * the markdown is shown as text, links and images with a scheme other than http(s) (or
 * mailto) lose their target, and every value of metrics.json is text.
 */
import { Marked, type Tokens } from "marked";
import { numericLeaves } from "../runtime/json_numbers.ts";
import { escapeHtml, type Html, htmlTable, isSafeUrl, safeHtml, trustedMarkup } from "./html.ts";

/** The images the page shows, by file name. */
export type PageImage = "figure.png" | "variance_map.png" | "loss_curve.png";

/** What the page is made from. */
export interface EvaluationView {
  evaluateId: string;
  exportId: string;
  mnistId: string;
  /** The model the export came from, when known (its loss curve). */
  modelId?: string;
  reportMarkdown: string;
  metrics: unknown;
}

/** Where the page's images come from: a URL (server) or a data: URI (report.html); undefined leaves one out. */
export type ImageSource = (name: PageImage) => string | undefined;

/**
 * The report's markdown as HTML, its relative image and link targets mapped through `image`.
 * Raw HTML (blocks and inline tags) is escaped and shown as text; a link or image whose
 * target is not a safe URL is rendered as its text alone.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { reportHtml } from "./evaluation_page.ts";
 * const out = reportHtml(`<img src=x onerror="alert(1)"> [a](javascript:alert(1))`, () => undefined).markup;
 * assert.equal(out, `<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt; a</p>\n`);
 * ```
 */
export function reportHtml(markdown: string, image: ImageSource): Html {
  const marked = new Marked({
    walkTokens(token) {
      if ((token.type === "image" || token.type === "link") && /^[a-z_]+\.png$/.test(token.href)) {
        token.href = image(token.href as PageImage) ?? "";
      }
    },
    renderer: {
      html: (token: Tokens.HTML | Tokens.Tag) => escapeHtml(token.text),
      // Text inside a raw <script> or <pre> span is marked as already escaped: escape it anyway.
      text(token: Tokens.Text | Tokens.Escape) {
        return "tokens" in token && token.tokens
          ? false
          : "escaped" in token && token.escaped
          ? escapeHtml(token.text)
          : false;
      },
      link(token: Tokens.Link) {
        return isSafeUrl(token.href) ? false : this.parser.parseInline(token.tokens);
      },
      image(token: Tokens.Image) {
        return token.href !== "" && isSafeUrl(token.href, { dataImages: true })
          ? false
          : escapeHtml(token.text);
      },
    },
  });
  return trustedMarkup(marked.parse(markdown, { async: false }));
}

/** Every number of metrics.json, by its dotted path (long per-dimension lists included). */
export function metricsTable(metrics: unknown): Html {
  const rows = [...numericLeaves(metrics)].map(([key, value]) => [key, String(value)]);
  return htmlTable(["metric", "value"], rows, { id: "metrics" });
}

/** The latent size metrics.json states, when it is a positive integer (0 otherwise). */
export function statedLatentDims(metrics: unknown): number {
  const dims = (metrics as { latent?: { dims?: unknown } } | null)?.latent?.dims;
  return Number.isSafeInteger(dims) && (dims as number) > 0 ? dims as number : 0;
}

/** The page's body; `explorer`, the live explorer's mount markup, is placed after the answer (the viewer only). */
export function evaluationBody(view: EvaluationView, image: ImageSource, explorer?: Html): Html {
  const lossCurve = image("loss_curve.png");
  const varianceMap = image("variance_map.png");
  const model = view.modelId ? safeHtml` (model <code>${view.modelId}</code>)` : "";
  const mount = explorer ?? "";
  const variance = varianceMap
    ? safeHtml`<section id="variance-map"><h2>Average per-pixel variance</h2><img src="${varianceMap}" alt="variance map"></section>`
    : "";
  const loss = lossCurve
    ? safeHtml`<section id="loss-curve"><h2>Training loss</h2><img src="${lossCurve}" alt="loss curve"></section>`
    : "";
  return safeHtml`<p>Evaluation <code>${view.evaluateId}</code> of export <code>${view.exportId}</code>${model}, test images of mnist <code>${view.mnistId}</code>.</p>
${mount}
<section id="report">${reportHtml(view.reportMarkdown, image)}</section>
${variance}
${loss}
<section id="numbers"><h2>Every number of metrics.json</h2>${metricsTable(view.metrics)}</section>`;
}
