// EvaluationCollector's metrics for two images of two pixels equal the values worked out by hand.
import assert from "node:assert/strict";
import { EvaluationCollector } from "../../../lib/stages/evaluate/evaluate_metrics.ts";
import type { ChunkResult } from "../../../lib/stages/evaluate/stochastic_passes.ts";

const f32 = (values: number[]) => Float32Array.from(values);

/** Two images of two pixels, every figure chosen so that the metrics can be worked out by hand. */
const CHUNK: ChunkResult = {
  meanDecode: f32([0.5, 0.5, 0.2, 0.8]),
  firstPass: f32([0.6, 0.4, 0.2, 0.9]),
  secondPass: f32([0.1, 0.1, 0.1, 0.1]),
  thirdPass: f32([0.3, 0.3, 0.3, 0.3]),
  passMean: f32([0.55, 0.5, 0.25, 0.8]),
  passVariance: f32([0.01, 0.04, 0, 0.09]),
  negElboRecon: f32([3, 5]),
  kl: f32([1, 2]),
  reconVarianceAcrossPasses: Float64Array.from([0.25, 1]),
  rmsVarianceAcrossPasses: Float64Array.from([0.0004, 0.0009]),
  meanDecodeBce: f32([2, 4]),
  importanceWeightedBound: Float64Array.from([3.5, 6]),
  // Two latent dimensions: the first varies over the images (variance 0.25), the second not.
  zMean: f32([1, 0.3, 2, 0.3]),
  klPerDim: f32([0.5, 0.5, 1.5, 0.5]),
  epsilonZeroMaxAbs: 0,
  vaeVersusDecoderMaxAbs: 0,
};

function near(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual}, worked out by hand ${expected}`);
}

Deno.test("EvaluationCollector's metrics equal those worked out by hand for two images of two pixels", () => {
  const collector = new EvaluationCollector(2, 2, 1);
  collector.add(CHUNK, f32([0, 1, 1, 0]));
  const m = collector.metrics(3, 7, Uint8Array.from([1, 1]));
  assert.equal(m.images, 2);
  // −ELBO per image: recon + KL = 4 and 7.
  near(m.negElbo.total, 5.5, "negElbo.total");
  near(m.negElbo.recon, 4, "negElbo.recon");
  near(m.negElbo.kl, 1.5, "negElbo.kl");
  near(m.meanDecodeBce, 3, "meanDecodeBce");
  near(m.reconGap, 1, "reconGap");
  near(m.importanceWeighted.bound, 4.75, "importanceWeighted.bound");
  assert.equal(m.importanceWeighted.samples, 3);
  assert.equal(m.latent.dims, 2);
  assert.equal(m.latent.activeUnits, 1);
  assert.deepEqual(m.latent.klPerDim, [1, 0.5]);
  near(m.latent.zMeanVariance[0]!, 0.25, "zMeanVariance[0]");
  // y_1 − m: (0.1, −0.1) → mean square 0.01, RMS 0.1; (0, 0.1) → 0.005, RMS √0.005.
  near(m.singlePassMeanSquare, 0.0075, "singlePassMeanSquare");
  near(m.singlePassRms.mean, (0.1 + Math.sqrt(0.005)) / 2, "singlePassRms.mean");
  near(m.singlePassRms.max, 0.1, "singlePassRms.max");
  // Variances 0.01, 0.04, 0, 0.09: mean 0.035; the median interpolates 0.01 and 0.04.
  near(m.pixelVariance.mean, 0.035, "pixelVariance.mean");
  near(m.pixelVariance.p50, 0.025, "pixelVariance.p50");
  near(m.pixelVariance.max, 0.09, "pixelVariance.max");
  // |ȳ − m|: 0.05, 0, 0.05, 0.
  near(m.absGapPassMeanVsMeanDecode.mean, 0.025, "absGap.mean");
  near(m.absGapPassMeanVsMeanDecode.max, 0.05, "absGap.max");
  // Noise of a mean over n images: √(Σ per-image variances) / n.
  near(m.seedNoise.negElbo, Math.sqrt(1.25) / 2, "seedNoise.negElbo");
  near(m.seedNoise.singlePassRms, Math.sqrt(0.0013) / 2, "seedNoise.singlePassRms");
  assert.equal(m.perClass.length, 1);
  const digit = m.perClass[0]!;
  assert.equal(digit.digit, 1);
  near(digit.meanPixelVariance, (0.025 + 0.045) / 2, "perClass.meanPixelVariance");
  near(digit.meanAbsGap, 0.025, "perClass.meanAbsGap");
  assert.deepEqual([...collector.varianceMap()].map((v) => Math.round(v * 1e6) / 1e6), [0.005, 0.065]);
  // The figure keeps the first image only: its std is √variance, its gap |ȳ − m|.
  assert.equal(collector.figure.std.length, 1);
  assert.deepEqual([...collector.figure.std[0]!].map((v) => Math.round(v * 1e6) / 1e6), [0.1, 0.2]);
  assert.deepEqual([...collector.figure.absGap[0]!].map((v) => Math.round(v * 1e6) / 1e6), [0.05, 0]);
  assert.deepEqual([...collector.figure.originals[0]!], [0, 1]);
});
