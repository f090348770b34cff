/**
 * The answer a run ends with: at most six lines from an evaluation's metrics.json (the
 * single-pass RMS against decoder(z_mean), the gap in nats, the active latent dimensions,
 * ε = 0 exact), where its report is, and the command that shows it in a browser. The same
 * lines on a terminal and in a log.
 */
import { join } from "node:path";
import { DEFAULT_ARTIFACTS_ROOT } from "../../core/store/artifact_read.ts";
import { type AnswerMetrics, answerNumbers } from "./answer_numbers.ts";

export type { AnswerMetrics };

/**
 * The answer's lines for `metrics` of the evaluation in `dir` under artifact root `root`: its
 * numbers (lib/stages/evaluate/answer_numbers.ts; `shortened` marks a quick look on the first line),
 * where its report is, and the view command.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { answerLines } from "./evaluate_answer.ts";
 * const lines = answerLines({
 *   singlePassRms: { mean: 0.0603, p50: 0, p90: 0, p99: 0, max: 0 }, reconGap: 9.04, epsilonZeroMaxAbs: 0,
 *   latent: { dims: 32, activeUnits: 25, activeThreshold: 0.01, klPerDim: [], zMeanVariance: [] },
 *   images: 10000, passes: 100,
 * }, "artifacts/evaluate/0123456789abcdef", "artifacts", []);
 * assert.equal(lines.length, 6);
 * assert.equal(lines.at(-1), "view: deno task view");
 * ```
 */
export function answerLines(
  metrics: AnswerMetrics,
  dir: string,
  root: string,
  shortened: string[],
): string[] {
  const view = root === DEFAULT_ARTIFACTS_ROOT ? "deno task view" : `deno task view --artifacts ${root}`;
  return [
    ...answerNumbers(metrics, shortened),
    `report: ${join(dir, "report.md")} and ${join(dir, "report.html")}`,
    `view: ${view}`,
  ];
}
