/**
 * Writes an evaluation's two reports into its directory: report.md (the answer in words,
 * evaluate_report.ts) and report.html (the evaluation page with its pictures inlined,
 * report_html.ts, the model's loss curve among them). A shortened run says so at the top of
 * both, from what its artifacts record.
 */
import { join } from "node:path";
import type { Artifact } from "../../core/store/manifest.ts";
import { answerNumbers } from "./answer_numbers.ts";
import { EVALUATE_FILES } from "./evaluate_artifact.ts";
import type { EvaluationMetrics } from "./evaluate_metrics.ts";
import { evaluationReport } from "./evaluate_report.ts";
import { quickLookNote, runSizeOf, shortenedBy } from "./quick_look.ts";
import { reportHtmlFile } from "./report_html.ts";

/** What the reports are about: the evaluation's id, its metrics, and the artifacts it was made from. */
export interface ReportSubject {
  id: string;
  metrics: EvaluationMetrics;
  exported: Artifact;
  mnist: Artifact;
  model: Artifact;
}

/** Writes report.md and report.html into `dir`, whose figure.png and variance_map.png are already there. */
export async function writeEvaluationReports(dir: string, subject: ReportSubject): Promise<void> {
  const { id, metrics, exported, mnist, model } = subject;
  const size = await runSizeOf(model, mnist, { images: metrics.images, passes: metrics.passes });
  const report = evaluationReport(metrics, exported.manifest.id, quickLookNote(shortenedBy(size)));
  await Deno.writeTextFile(join(dir, EVALUATE_FILES.reportMarkdown), report);
  const view = {
    evaluateId: id,
    exportId: exported.manifest.id,
    mnistId: mnist.manifest.id,
    modelId: model.manifest.id,
    reportMarkdown: report,
    metrics,
    answer: answerNumbers(metrics, shortenedBy(size)),
  };
  await Deno.writeTextFile(
    join(dir, EVALUATE_FILES.reportHtml),
    reportHtmlFile(view, {
      "figure.png": await Deno.readFile(join(dir, EVALUATE_FILES.figure)),
      "variance_map.png": await Deno.readFile(join(dir, EVALUATE_FILES.varianceMap)),
      "loss_curve.png": await Deno.readFile(join(model.dir, "loss_curve.png")),
    }),
  );
}
