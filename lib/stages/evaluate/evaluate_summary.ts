/** The console line an evaluation ends with: its speed and its headline numbers. */
import type { EvaluationMetrics } from "./evaluate_metrics.ts";

/**
 * One line: `images` × passes in `seconds` on `threads` thread(s), then the single-pass RMS,
 * the mean pixel variance, the importance-weighted bound and the active latent dimensions.
 */
export function evaluationSummary(
  metrics: EvaluationMetrics,
  images: number,
  seconds: number,
  threads: number,
): string {
  return `${images} images × ${metrics.passes} passes in ${seconds.toFixed(1)} s on ${threads} thread(s) ` +
    `(${(images * metrics.passes / seconds).toFixed(0)} passes/s); single-pass RMS vs mean decode ` +
    `${metrics.singlePassRms.mean.toFixed(4)}, mean pixel variance ${
      metrics.pixelVariance.mean.toExponential(3)
    }; importance-weighted bound ${
      metrics.importanceWeighted.bound.toFixed(3)
    } nats, ${metrics.latent.activeUnits} of ${metrics.latent.dims} latent dimensions active`;
}
