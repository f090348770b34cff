/**
 * report.md: the answer to "why do rows 2 and 3 of the example's figure differ?", written
 * from this run's measured numbers.
 */
import type { EvaluationMetrics } from "./evaluate_metrics.ts";

function f(value: number, digits = 4): string {
  return Math.abs(value) >= 0.01 || value === 0 ? value.toFixed(digits) : value.toExponential(2);
}

/**
 * The report's markdown for `metrics` of export `exportId`; `quickLook`, the note of a
 * shortened run (lib/stages/evaluate/quick_look.ts), opens it when given.
 */
export function evaluationReport(metrics: EvaluationMetrics, exportId: string, quickLook?: string): string {
  const m = metrics;
  const gap2 = m.singlePassMeanSquare - m.pixelVariance.mean;
  const noisiest = [...m.perClass].sort((a, b) => b.meanPixelVariance - a.meanPixelVariance)[0]!;
  const calmest = [...m.perClass].sort((a, b) => a.meanPixelVariance - b.meanPixelVariance)[0]!;
  const active = m.latent.zMeanVariance.map((v, d) => ({ d, v, kl: m.latent.klPerDim[d]! }))
    .filter((dim) => dim.v > m.latent.activeThreshold);
  const activeKl = active.reduce((s, dim) => s + dim.kl, 0);
  return `# Why do \`decoder(z_mean)\` and \`vae(x)\` give different digits?
${quickLook === undefined ? "" : `\n> ${quickLook}\n`}
Measured on ${m.images} test images, ${m.passes} stochastic passes each (seed ${m.seed}),
with the exported models of export artifact \`${exportId}\`.

![figure](figure.png)

**Short answer: \`vae(x)\` samples.** The encoder does not output a point but a Gaussian,
N(z_mean, exp(z_log_var)). \`vae(x)\` decodes one random draw
z = z_mean + exp(0.5·z_log_var)·ε with fresh ε ~ N(0, I) on every call; \`decoder(z_mean)\`
decodes the centre of that Gaussian, once, with no randomness. Row 2 of the example's figure
is the centre; row 3 is one draw.

## The evidence from this run

- **The only difference is ε.** Feeding ε = 0 to the exported VAE reproduces
  \`decoder(z_mean)\` exactly: the largest |vae(x, ε=0) − decoder(z_mean)| over all
  ${m.images} images is **${m.epsilonZeroMaxAbs}**. (And one pass of the VAE equals the decoder
  applied to the sampled z bit for bit: largest difference **${m.vaeVersusDecoderMaxAbs}**.)
- **Each pass is a different image.** One vae(x) pass differs from decoder(z_mean) by an RMS
  of **${f(m.singlePassRms.mean)}** per pixel on average (median ${f(m.singlePassRms.p50)},
  90th percentile ${f(m.singlePassRms.p90)}, worst image ${f(m.singlePassRms.max)}; pixels
  are in [0, 1]). That is the row 2 / row 3 difference in the example's figure.
- **The spread is the variance of the sampling.** Across ${m.passes} passes the per-pixel
  variance has mean ${f(m.pixelVariance.mean, 5)}, median ${f(m.pixelVariance.p50, 5)}, 90th
  percentile ${f(m.pixelVariance.p90, 5)}, 99th ${f(m.pixelVariance.p99, 5)}, max
  ${f(m.pixelVariance.max, 5)}. It sits on the strokes' edges (see the std row of the figure
  and [the average variance map](variance_map.png)), where a small move of z shifts a stroke.
  Background pixels that every plausible digit leaves black have almost none.
- **The mean decode is not the average pass.** The average of the passes ȳ differs from
  decoder(z_mean) by ${f(m.absGapPassMeanVsMeanDecode.mean, 5)} per pixel on average (max
  ${f(m.absGapPassMeanVsMeanDecode.max)}): the decoder is non-linear, so decoding the mean
  is not the mean of the decodes. A single pass's mean squared distance from the mean decode
  (${f(m.singlePassMeanSquare, 5)}) is the variance (${f(m.pixelVariance.mean, 5)}) plus this
  systematic part (${f(gap2, 5)}) — almost all of it is sampling noise.
- **Uncertain digits move more.** Digit ${noisiest.digit} has the largest mean pixel variance
  (${f(noisiest.meanPixelVariance, 5)}), digit ${calmest.digit} the smallest
  (${f(calmest.meanPixelVariance, 5)}).
- **The loss Keras reports is for sampled z.** The negative ELBO with one sampled z per image
  is ${f(m.negElbo.total, 2)} nats (reconstruction ${f(m.negElbo.recon, 2)} + KL
  ${f(m.negElbo.kl, 2)}); the reconstruction of the mean decode alone is
  ${f(m.meanDecodeBce, 2)} nats — the mean decode is the better reconstruction, the sample is
  what the model's loss is about. One sampled reconstruction is **${f(m.reconGap, 2)} nats**
  worse than the mean decode's: that gap is the price of the sampling.
- **No model reaches 0 nats: the data sets a floor.** The pixels are gray levels, not 0/1
  coin flips, and a gray pixel x costs at least its binary entropy
  −x·ln x − (1 − x)·ln(1 − x) > 0 nats under the Bernoulli loss (reached only by predicting
  exactly x), so only pure black or white pixels can cost nothing. Summed over the pixels
  (${f(100 * m.entropyFloor.grayPixelFraction, 1)} % of them gray here) that floor is
  **${f(m.entropyFloor.nats, 2)} nats** per image; the mean decode is
  ${f(m.entropyFloor.meanDecodeExcess, 2)} nats above it and a sampled reconstruction
  ${f(m.entropyFloor.sampledReconExcess, 2)}.
- **A tighter bound from the same passes.** Using the ${m.importanceWeighted.samples} passes as
  importance samples (Burda, Grosse & Salakhutdinov 2015),
  −log (1/N) Σ_k p(x|z_k) p(z_k) / q(z_k|x) is **${f(m.importanceWeighted.bound, 2)} nats** per
  image, ${f(m.negElbo.total - m.importanceWeighted.bound, 2)} below the sampled −ELBO; it
  tightens as N grows.
- **Only active dimensions move the image.** ${m.latent.activeUnits} of the
  ${m.latent.dims} latent dimensions are active (their z_mean varies over the test images by
  more than ${m.latent.activeThreshold}); they carry ${f(activeKl, 2)} of the
  ${f(m.latent.klPerDim.reduce((s, v) => s + v, 0), 2)} nats of KL. ${
    m.latent.activeUnits === m.latent.dims
      ? "Every dimension is in use here, so each one's σ moves the image."
      : "The others sit at the prior (z_mean ≈ 0, σ ≈ 1 for every image) and the decoder has learned to ignore them, so the variance of `vae(x)` comes from the active dimensions only."
  } Per dimension (KL in nats,
  variance of z_mean): ${
    m.latent.klPerDim.map((kl, d) => `${d}: ${f(kl, 2)}, ${f(m.latent.zMeanVariance[d]!, 3)}`).join("; ")
  }.

## Per digit

| digit | images | −ELBO (nats) | mean pixel variance | single-pass RMS vs mean decode | mean \\|ȳ − m\\| |
| --- | --- | --- | --- | --- | --- |
${
    m.perClass.map((c) =>
      `| ${c.digit} | ${c.images} | ${f(c.negElbo, 2)} | ${f(c.meanPixelVariance, 5)} | ${
        f(c.singlePassRms)
      } | ${f(c.meanAbsGap, 5)} |`
    ).join("\n")
  }

## What to do in your own code

Use \`decoder(encoder(x)[z_mean])\` (or the exported \`vae\` with ε = 0) when you want one
deterministic reconstruction; call \`vae(x)\` repeatedly when you want samples of what the
model considers plausible for x.
`;
}
