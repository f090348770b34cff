/**
 * The `evaluate` artifact, as other folders see it: its kind, the files it holds, which of
 * its metrics carry an evaluation-seed noise (what `diff` states deltas against), and its
 * readers: the answer a run ends with, from metrics.json and the params its inputs record.
 * The only module outside lib/stages/evaluate/ that another folder imports from here.
 */
import { join } from "node:path";
import { namedDir } from "../../core/store/artifact_read.ts";
import { openInput, openRecordedInput } from "../../core/store/reference.ts";
import { EXPORT_SCHEMA } from "../export/export_artifact.ts";
import { MNIST_SCHEMA } from "../fetch_mnist/fetch_mnist_artifact.ts";
import { MODEL_SCHEMA } from "../train/train_artifact.ts";
import { type AnswerMetrics, answerNumbers } from "./answer_numbers.ts";
import { answerLines } from "./evaluate_answer.ts";
import { runSizeOf, shortenedBy } from "./quick_look.ts";

export { type AnswerMetrics, answerNumbers };

/** Kind and format version of the `evaluate` artifact. */
export const EVALUATE_SCHEMA = "evaluate@1";

/** The files of an `evaluate` artifact. */
export const EVALUATE_FILES = {
  metrics: "metrics.json",
  figure: "figure.png",
  varianceMap: "variance_map.png",
  reportMarkdown: "report.md",
  reportHtml: "report.html",
} as const;

/**
 * The metrics of metrics.json whose evaluation-seed noise it records (under seedNoise), by
 * dotted key: what `diff` states each metric's delta against.
 */
export const SEED_NOISE_OF: Record<string, string> = {
  "negElbo.total": "seedNoise.negElbo",
  "negElbo.recon": "seedNoise.negElbo",
  "singlePassRms.mean": "seedNoise.singlePassRms",
  // The mean decode has no randomness: the gap moves with the sampled reconstruction only.
  reconGap: "seedNoise.negElbo",
};

/** What an evaluation's answer is made from: its metrics, its folder, and what its run has less of than the full recipe. */
export interface AnswerSource {
  metrics: AnswerMetrics;
  dir: string;
  /** Empty for a run of the full recipe (lib/stages/evaluate/quick_look.ts). */
  shortened: string[];
}

/**
 * The answer's sources for evaluation `id` under `root`: its metrics.json, and whether its run
 * was shortened, from the params its export's model and mnist artifacts record.
 */
export async function readAnswerSource(root: string, id: string): Promise<AnswerSource> {
  const evaluation = await openInput(root, EVALUATE_SCHEMA, id);
  const metrics = JSON.parse(
    await Deno.readTextFile(join(evaluation.dir, EVALUATE_FILES.metrics)),
  ) as AnswerMetrics;
  const exported = await openRecordedInput(root, evaluation, EXPORT_SCHEMA);
  const model = await openRecordedInput(root, exported, MODEL_SCHEMA);
  const mnist = await openRecordedInput(root, exported, MNIST_SCHEMA);
  const size = await runSizeOf(model, mnist, { images: metrics.images, passes: metrics.passes });
  return { metrics, dir: namedDir(evaluation), shortened: shortenedBy(size) };
}

/** The answer of evaluation `id` under `root` (see {@link readAnswerSource}). */
export async function readAnswer(root: string, id: string): Promise<string[]> {
  const { metrics, dir, shortened } = await readAnswerSource(root, id);
  return answerLines(metrics, dir, root, shortened);
}
