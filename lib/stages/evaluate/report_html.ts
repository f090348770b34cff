/**
 * report.html: the evaluation page as one self-contained file (its images inlined as data:
 * URIs, its style inline, no script), which opens from disk without a server: the viewer's
 * evaluation page without the explorer, from the same renderer.
 */
import { encodeBase64 } from "../../core/runtime/base64.ts";
import { evaluationBody, type EvaluationView, type PageImage } from "../../core/render/evaluation_page.ts";
import { htmlPage } from "../../core/render/html.ts";

/** report.html for `view`, with the PNG bytes of each image it shows (one left out is not shown). */
export function reportHtmlFile(view: EvaluationView, images: Partial<Record<PageImage, Uint8Array>>): string {
  const inline = (name: PageImage) => {
    const bytes = images[name];
    return bytes === undefined ? undefined : `data:image/png;base64,${encodeBase64(bytes)}`;
  };
  return htmlPage(
    `Evaluation ${view.evaluateId}`,
    evaluationBody(view, inline, { metricsHref: "metrics.json" }),
    { standalone: true },
  );
}
