/**
 * The answer's numbers in words: four lines from an evaluation's metrics (the single-pass
 * RMS against decoder(z_mean), the gap in nats, the active latent dimensions, ε = 0 exact),
 * the first marking a quick look. A run ends with them (lib/stages/evaluate/evaluate_answer.ts),
 * and the evaluation page and report.html show them under the short answer: one source.
 */
import type { EvaluationMetrics } from "./evaluate_metrics.ts";

/** The metrics the answer reads. */
export type AnswerMetrics = Pick<
  EvaluationMetrics,
  "singlePassRms" | "reconGap" | "latent" | "epsilonZeroMaxAbs" | "images" | "passes"
>;

/**
 * The answer's four "label: text" lines for `metrics`; `shortened` (lib/stages/evaluate/quick_look.ts)
 * marks a quick look on the first.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { answerNumbers } from "./answer_numbers.ts";
 * const lines = answerNumbers({
 *   singlePassRms: { mean: 0.0603, p50: 0, p90: 0, p99: 0, max: 0 }, reconGap: 9.04, epsilonZeroMaxAbs: 0,
 *   latent: { dims: 32, activeUnits: 25, activeThreshold: 0.01, klPerDim: [], zMeanVariance: [] },
 *   images: 10000, passes: 100,
 * }, []);
 * assert.deepEqual(lines.map((line) => line.split(":")[0]), ["answer", "gap", "active", "ε = 0"]);
 * ```
 */
export function answerNumbers(metrics: AnswerMetrics, shortened: string[]): string[] {
  const m = metrics;
  const quick = shortened.length === 0
    ? ""
    : ` (a quick look: ${shortened.join(", ")}; not the reproduction's numbers)`;
  return [
    `answer: one vae(x) pass differs from decoder(z_mean) by an RMS of ${
      m.singlePassRms.mean.toFixed(4)
    } per pixel${quick}`,
    `gap: a sampled reconstruction costs ${m.reconGap.toFixed(2)} nats more than the mean decode's`,
    `active: ${m.latent.activeUnits} of ${m.latent.dims} latent dimensions${
      m.latent.activeUnits < m.latent.dims
        ? "; the others stay near the prior and move the image little"
        : ", every one moves the image"
    }`,
    `ε = 0: vae(x, ε = 0) equals decoder(z_mean) exactly (max |Δ| = ${m.epsilonZeroMaxAbs})`,
  ];
}
