/**
 * N stochastic passes of the exported VAE over a chunk of images, against the single mean
 * decode m = decoder(z_mean): per image and pixel the streamed mean ȳ and variance s² of the
 * passes y_k = decoder(z_mean + exp(0.5·z_log_var)·ε_k), plus the facts the report needs.
 * Memory is constant in N (Welford); only pass 1 is kept, for the figure.
 */
import * as tf from "@tensorflow/tfjs";
import { clippedBce, klDivergence, klTerms } from "../model/elbo_loss.ts";
import type { KerasModels } from "../model/keras_models.ts";
import { sampleLatent } from "../model/model_forward.ts";
import { streamSeed } from "../model/rng_streams.ts";
import { LogMeanExp, logPriorOverPosterior } from "./importance_weights.ts";
import { Welford } from "./welford.ts";

/**
 * Passes whose per-image BCE and RMS feed the evaluation-seed noise estimate: 20 give a
 * stable variance per image, and more would only cost time.
 */
const NOISE_PASSES = 20;

/** Results for one chunk of C images; arrays are C × 784 row-major unless noted. */
export interface ChunkResult {
  meanDecode: Float32Array;
  /** The first stochastic pass y_1 (what the example's vae(x) row shows). */
  firstPass: Float32Array;
  /** Passes 2 and 3, for the figure. */
  secondPass: Float32Array;
  thirdPass: Float32Array;
  passMean: Float32Array;
  passVariance: Float32Array;
  /** Per image (length C): Σ-pixel BCE(x, y_1) + KL: the sampled negative ELBO. */
  negElboRecon: Float32Array;
  kl: Float32Array;
  /**
   * Per image, across the first min(N, 20) passes: the variance of Σ-pixel BCE(x, y_k)
   * and of RMS(y_k − m) — how much these per-image figures move when ε is drawn again.
   */
  reconVarianceAcrossPasses: Float64Array;
  rmsVarianceAcrossPasses: Float64Array;
  /** Per image: Σ-pixel BCE(x, m). */
  meanDecodeBce: Float32Array;
  /**
   * Per image: the importance-weighted bound −log (1/N) Σ_k w_k with the N passes as
   * importance samples, log p(x|z) the same clipped Σ-pixel BCE as the ELBO's.
   */
  importanceWeightedBound: Float64Array;
  /** z_mean, C × latent dims row-major. */
  zMean: Float32Array;
  /** Per image and latent dimension: KL(q(z_d|x) ‖ N(0, 1)), C × latent dims row-major. */
  klPerDim: Float32Array;
  /** Largest |vae(x, ε=0) − m| and |vae(x, ε_1) − y_1| over the chunk: both must be 0. */
  epsilonZeroMaxAbs: number;
  vaeVersusDecoderMaxAbs: number;
}

/** Per-image running sums of a figure over passes, for its variance across passes. */
class PerImageMoments {
  #n = 0;
  #sum: Float64Array;
  #squares: Float64Array;
  constructor(rows: number) {
    this.#sum = new Float64Array(rows);
    this.#squares = new Float64Array(rows);
  }
  add(values: ArrayLike<number>): void {
    this.#n++;
    for (let i = 0; i < this.#sum.length; i++) {
      this.#sum[i]! += values[i]!;
      this.#squares[i]! += values[i]! * values[i]!;
    }
  }
  /** Unbiased variance per image (n ≥ 2). */
  variance(): Float64Array {
    const n = this.#n;
    return this.#sum.map((s, i) => Math.max(0, (this.#squares[i]! - (s * s) / n) / (n - 1)));
  }
}

/** The ε of pass `pass` (1-based) for chunk `chunk`: a pure function of the seed. */
export function passEpsilon(
  seed: number,
  chunk: number,
  pass: number,
  rows: number,
  latentDim: number,
): tf.Tensor2D {
  return tf.randomNormal([rows, latentDim], 0, 1, "float32", streamSeed(seed, "evaluate", chunk, pass));
}

/** Runs `passes` (≥ 2) stochastic passes over images `x` (chunk number `chunk`). */
export function runChunk(
  models: KerasModels,
  x: tf.Tensor2D,
  passes: number,
  seed: number,
  chunk: number,
): ChunkResult {
  const rows = x.shape[0];
  const predict = (model: tf.LayersModel, input: tf.Tensor | tf.Tensor[]) =>
    model.predict(input, { batchSize: rows }) as tf.Tensor2D;
  const [zMean, zLogVar] = models.encoder.predict(x, { batchSize: rows }) as tf.Tensor2D[];
  const latentDim = zMean!.shape[1];
  const meanDecode = predict(models.decoder, zMean!);
  const welford = new Welford();
  const kept: Float32Array[] = [];
  let vaeVersusDecoderMaxAbs = 0;
  let negElboRecon: Float32Array | undefined;
  const perImage = { recon: new PerImageMoments(rows), rms: new PerImageMoments(rows) };
  const logMeanWeight = new LogMeanExp(rows);
  for (let pass = 1; pass <= passes; pass++) {
    tf.tidy(() => {
      const eps = passEpsilon(seed, chunk, pass, rows, latentDim);
      const z = sampleLatent(zMean!, zLogVar!, eps);
      // execute(), not predict(): the same layers and ops (so the same bytes), without
      // predict()'s batching, which costs ~1 ms a pass (~8 % of a native pass).
      const y = models.decoder.execute(z, models.decoder.outputs[0]!.name) as tf.Tensor2D;
      welford.add(y);
      const bce = clippedBce(x, y);
      logMeanWeight.add(tf.sub(logPriorOverPosterior(z, eps, zLogVar!), bce).dataSync());
      if (pass <= NOISE_PASSES) {
        perImage.recon.add(bce.dataSync());
        perImage.rms.add(tf.sqrt(tf.mean(tf.squaredDifference(y, meanDecode), 1)).dataSync());
      }
      if (pass <= 3) kept.push(y.dataSync() as Float32Array);
      if (pass === 1) {
        // The decoder-on-sampled-z shortcut must be exactly the exported VAE.
        vaeVersusDecoderMaxAbs = tf.max(tf.abs(tf.sub(predict(models.vae, [x, eps]), y))).dataSync()[0]!;
        negElboRecon = bce.dataSync() as Float32Array;
      }
    });
  }
  // tf.tidy() walks every element of typed arrays it returns, so it returns tensors, read below.
  const final = tf.tidy(() => {
    const kl = klDivergence(zMean!, zLogVar!);
    const zero = predict(models.vae, [x, tf.zerosLike(zMean!)]);
    return {
      passMean: welford.mean(),
      passVariance: welford.variance(),
      kl,
      meanDecodeBce: clippedBce(x, meanDecode),
      klPerDim: tf.mul(klTerms(zMean!, zLogVar!), -0.5),
      epsilonZeroMaxAbs: tf.max(tf.abs(tf.sub(zero, meanDecode))),
    };
  });
  const result = {
    passMean: final.passMean.dataSync() as Float32Array,
    passVariance: final.passVariance.dataSync() as Float32Array,
    kl: final.kl.dataSync() as Float32Array,
    meanDecodeBce: final.meanDecodeBce.dataSync() as Float32Array,
    klPerDim: final.klPerDim.dataSync() as Float32Array,
    epsilonZeroMaxAbs: final.epsilonZeroMaxAbs.dataSync()[0]!,
  };
  tf.dispose(Object.values(final));
  const out: ChunkResult = {
    meanDecode: meanDecode.dataSync() as Float32Array,
    firstPass: kept[0]!,
    secondPass: kept[1]!,
    thirdPass: kept[2] ?? kept[1]!,
    negElboRecon: negElboRecon!,
    reconVarianceAcrossPasses: perImage.recon.variance(),
    rmsVarianceAcrossPasses: perImage.rms.variance(),
    vaeVersusDecoderMaxAbs,
    importanceWeightedBound: logMeanWeight.value().map((v) => -v),
    zMean: zMean!.dataSync() as Float32Array,
    ...result,
  };
  welford.dispose();
  tf.dispose([zMean!, zLogVar!, meanDecode]);
  return out;
}
