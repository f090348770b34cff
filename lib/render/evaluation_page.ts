/**
 * The evaluation page: the evaluation's report.md rendered (the same words and numbers), the
 * model's loss curve, and every number of metrics.json. Served by the viewer (with the live
 * explorer) and written by evaluate as report.html (images inlined, no explorer), from this
 * one renderer.
 */
import { Marked } from "marked";
import { numericLeaves } from "../runtime/json_numbers.ts";
import { escapeHtml, htmlTable } from "./html.ts";

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

/** The report's markdown as HTML, its relative image and link targets mapped through `image`. */
export function reportHtml(markdown: string, image: ImageSource): string {
  const marked = new Marked({
    walkTokens(token) {
      if ((token.type === "image" || token.type === "link") && /^[a-z_]+\.png$/.test(token.href)) {
        token.href = image(token.href as PageImage) ?? "";
      }
    },
  });
  return marked.parse(markdown, { async: false });
}

/** Every number of metrics.json, by its dotted path (long per-dimension lists included). */
export function metricsTable(metrics: unknown): string {
  const rows = [...numericLeaves(metrics)].map((
    [key, value],
  ) => [escapeHtml(key), escapeHtml(String(value))]);
  return htmlTable(["metric", "value"], rows, { id: "metrics" });
}

/** The page's body; `explorer` adds the live explorer's mount point (the viewer only). */
export function evaluationBody(view: EvaluationView, image: ImageSource, explorer: boolean): string {
  const lossCurve = image("loss_curve.png");
  const latentDims = (view.metrics as { latent?: { dims?: number } }).latent?.dims ?? 0;
  return [
    `<p>Evaluation <code>${escapeHtml(view.evaluateId)}</code> of export <code>${
      escapeHtml(view.exportId)
    }</code>${
      view.modelId ? ` (model <code>${escapeHtml(view.modelId)}</code>)` : ""
    }, test images of mnist <code>${escapeHtml(view.mnistId)}</code>.</p>`,
    explorer
      ? `<section id="explorer" data-export-id="${escapeHtml(view.exportId)}" data-mnist-id="${
        escapeHtml(view.mnistId)
      }" data-latent-dims="${latentDims}"><h2>Explorer</h2><p>Loading the exported models…</p></section>`
      : "",
    `<section id="report">${reportHtml(view.reportMarkdown, image)}</section>`,
    image("variance_map.png")
      ? `<section id="variance-map"><h2>Average per-pixel variance</h2><img src="${
        escapeHtml(image("variance_map.png")!)
      }" alt="variance map"></section>`
      : "",
    lossCurve
      ? `<section id="loss-curve"><h2>Training loss</h2><img src="${
        escapeHtml(lossCurve)
      }" alt="loss curve"></section>`
      : "",
    `<section id="numbers"><h2>Every number of metrics.json</h2>${metricsTable(view.metrics)}</section>`,
  ].join("\n");
}
