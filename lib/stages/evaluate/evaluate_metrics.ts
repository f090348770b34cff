/**
 * Collects the per-chunk results of the stochastic passes into the evaluation's metrics:
 * the sampled negative ELBO, the per-pixel variance distribution, the gap between the pass
 * mean and the mean decode, the distance of a single pass from the mean decode, and
 * per-digit averages. Keeps the first images' rows for the figure and the average
 * variance map. Memory: one float per test pixel (for quantiles), independent of N.
 */
import type { ChunkResult } from "./stochastic_passes.ts";
import { summarize, type Summary } from "./quantiles.ts";
import { ACTIVE_UNIT_THRESHOLD, activeUnits, columnVariances } from "../../core/stats/latent_activity.ts";
import { imageEntropyFloor } from "./entropy_floor.ts";

/** Averages over the test images of one digit. */
export interface ClassMetrics {
  digit: number;
  images: number;
  negElbo: number;
  meanPixelVariance: number;
  singlePassRms: number;
  meanAbsGap: number;
}

/** The contents of metrics.json. */
export interface EvaluationMetrics {
  images: number;
  passes: number;
  seed: number;
  /** Sampled (one z per image) −ELBO in nats per image, as Keras' val_loss; BCE clipped as Keras does. */
  negElbo: { total: number; recon: number; kl: number };
  /** Σ-pixel BCE of the mean decode decoder(z_mean), nats per image. */
  meanDecodeBce: number;
  /**
   * negElbo.recon − meanDecodeBce: how many nats per image one sampled reconstruction is worse
   * than the mean decode's.
   */
  reconGap: number;
  /**
   * The data's own floor under the reconstruction loss (lib/stages/evaluate/entropy_floor.ts): Σ over
   * pixels of the binary entropy of x, nats per image, which no model can go below on gray
   * pixels; the share of pixels that are gray (neither 0 nor 1); and how far each
   * reconstruction is above the floor (meanDecodeBce − nats, negElbo.recon − nats).
   */
  entropyFloor: {
    nats: number;
    grayPixelFraction: number;
    meanDecodeExcess: number;
    sampledReconExcess: number;
  };
  /**
   * The importance-weighted bound with the N passes as importance samples, nats per image:
   * −log (1/N) Σ_k p(x|z_k) p(z_k) / q(z_k|x), averaged over images. Tighter (lower) than the
   * sampled −ELBO; tightens as N grows.
   */
  importanceWeighted: { bound: number; samples: number };
  /**
   * The latent dimensions: per dimension the KL averaged over the test images and the
   * variance of z_mean over them; `activeUnits` counts those whose variance exceeds
   * `activeThreshold`. Only active dimensions make vae(x) differ from decoder(z_mean).
   */
  latent: {
    dims: number;
    activeUnits: number;
    activeThreshold: number;
    klPerDim: number[];
    zMeanVariance: number[];
  };
  /** Per-pixel variance of the N passes, over all test pixels. */
  pixelVariance: Summary;
  /** Per-pixel |ȳ − m|, over all test pixels: how far the average of the passes is from the mean decode. */
  absGapPassMeanVsMeanDecode: Summary;
  /** Per image RMS over pixels of (y_1 − m): one vae(x) pass against decoder(z_mean). */
  singlePassRms: Summary;
  /** Mean over images of the mean squared (y_1 − m), to compare with pixelVariance.mean + mean gap². */
  singlePassMeanSquare: number;
  perClass: ClassMetrics[];
  /**
   * Evaluation-seed noise: the standard deviation of negElbo.total (and .recon) and of
   * singlePassRms.mean under a change of --seed, from the per-image variance across the first
   * 20 passes:
   * √(Σ_i Var_k) / n. Differences smaller than ~2× this are sampling noise, not change.
   */
  seedNoise: { negElbo: number; singlePassRms: number };
  /** Largest |vae(x, ε = 0) − decoder(z_mean)|: must be exactly 0. */
  epsilonZeroMaxAbs: number;
  /** Largest |vae(x, ε) − decoder(z_mean + σ·ε)| for pass 1: must be exactly 0. */
  vaeVersusDecoderMaxAbs: number;
}

/** Rows kept for the figure: the first `figureImages` test images. */
export interface FigureRows {
  originals: Float32Array[];
  meanDecode: Float32Array[];
  passes: Float32Array[][];
  std: Float32Array[];
  absGap: Float32Array[];
}

/** Accumulates chunks in order. */
export class EvaluationCollector {
  #variances: Float32Array;
  #gaps: Float32Array;
  #rms: Float32Array;
  #meanSquare: Float64Array;
  #negElbo: Float64Array;
  #recon: Float64Array;
  #kl: Float64Array;
  #meanDecodeBce: Float64Array;
  #meanVariance: Float64Array;
  #meanAbsGap: Float64Array;
  #varianceMap: Float64Array;
  #importanceWeighted: Float64Array;
  #entropyFloor: Float64Array;
  #grayPixels = 0;
  #zMeans: Float32Array[] = [];
  #klPerDim: Float64Array | undefined;
  #latentDims = 0;
  #filled = 0;
  #reconVarianceSum = 0;
  #rmsVarianceSum = 0;
  #epsilonZeroMaxAbs = 0;
  #vaeVersusDecoderMaxAbs = 0;
  readonly figure: FigureRows = { originals: [], meanDecode: [], passes: [[], [], []], std: [], absGap: [] };

  constructor(
    private readonly images: number,
    private readonly pixels: number,
    private readonly figureImages: number,
  ) {
    this.#variances = new Float32Array(images * pixels);
    this.#gaps = new Float32Array(images * pixels);
    this.#rms = new Float32Array(images);
    this.#meanSquare = new Float64Array(images);
    this.#negElbo = new Float64Array(images);
    this.#recon = new Float64Array(images);
    this.#kl = new Float64Array(images);
    this.#meanDecodeBce = new Float64Array(images);
    this.#meanVariance = new Float64Array(images);
    this.#meanAbsGap = new Float64Array(images);
    this.#varianceMap = new Float64Array(pixels);
    this.#importanceWeighted = new Float64Array(images);
    this.#entropyFloor = new Float64Array(images);
  }

  /** Adds the next chunk; `x` are its original images. */
  add(chunk: ChunkResult, x: Float32Array): void {
    const p = this.pixels;
    const rows = chunk.kl.length;
    for (let r = 0; r < rows; r++) {
      const i = this.#filled + r;
      let squares = 0;
      let variance = 0;
      let gap = 0;
      for (let j = 0; j < p; j++) {
        const k = r * p + j;
        const m = chunk.meanDecode[k]!;
        const d = chunk.firstPass[k]! - m;
        squares += d * d;
        const v = chunk.passVariance[k]!;
        variance += v;
        this.#varianceMap[j]! += v;
        const g = Math.abs(chunk.passMean[k]! - m);
        gap += g;
        this.#variances[i * p + j] = v;
        this.#gaps[i * p + j] = g;
      }
      this.#meanSquare[i] = squares / p;
      this.#rms[i] = Math.sqrt(squares / p);
      this.#meanVariance[i] = variance / p;
      this.#meanAbsGap[i] = gap / p;
      this.#recon[i] = chunk.negElboRecon[r]!;
      this.#kl[i] = chunk.kl[r]!;
      this.#negElbo[i] = chunk.negElboRecon[r]! + chunk.kl[r]!;
      this.#meanDecodeBce[i] = chunk.meanDecodeBce[r]!;
      this.#importanceWeighted[i] = chunk.importanceWeightedBound[r]!;
      const floor = imageEntropyFloor(x, r * p, p);
      this.#entropyFloor[i] = floor.nats;
      this.#grayPixels += floor.grayPixels;
      if (i < this.figureImages) {
        const row = (a: Float32Array) => a.slice(r * p, (r + 1) * p);
        this.figure.originals.push(row(x));
        this.figure.meanDecode.push(row(chunk.meanDecode));
        [chunk.firstPass, chunk.secondPass, chunk.thirdPass].forEach((pass, n) =>
          this.figure.passes[n]!.push(row(pass))
        );
        this.figure.std.push(row(chunk.passVariance).map(Math.sqrt));
        this.figure.absGap.push(
          row(chunk.passMean).map((v, j) => Math.abs(v - chunk.meanDecode[r * p + j]!)),
        );
      }
    }
    this.#latentDims = chunk.zMean.length / rows;
    this.#zMeans.push(chunk.zMean);
    this.#klPerDim ??= new Float64Array(this.#latentDims);
    for (let k = 0; k < chunk.klPerDim.length; k++) {
      this.#klPerDim[k % this.#latentDims]! += chunk.klPerDim[k]!;
    }
    for (let r = 0; r < rows; r++) {
      this.#reconVarianceSum += chunk.reconVarianceAcrossPasses[r]!;
      this.#rmsVarianceSum += chunk.rmsVarianceAcrossPasses[r]!;
    }
    this.#filled += rows;
    this.#epsilonZeroMaxAbs = Math.max(this.#epsilonZeroMaxAbs, chunk.epsilonZeroMaxAbs);
    this.#vaeVersusDecoderMaxAbs = Math.max(this.#vaeVersusDecoderMaxAbs, chunk.vaeVersusDecoderMaxAbs);
  }

  /** Average per-pixel variance over all images (784 values). */
  varianceMap(): Float32Array {
    return Float32Array.from(this.#varianceMap, (v) => v / this.#filled);
  }

  /** The metrics, once every chunk was added; `labels` give the per-digit averages. */
  metrics(passes: number, seed: number, labels: Uint8Array): EvaluationMetrics {
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    const perClass: ClassMetrics[] = [];
    for (let digit = 0; digit <= 9; digit++) {
      const members = [...labels.keys()].filter((i) => labels[i] === digit);
      if (members.length === 0) continue;
      const avg = (a: ArrayLike<number>) => members.reduce((s, i) => s + a[i]!, 0) / members.length;
      perClass.push({
        digit,
        images: members.length,
        negElbo: avg(this.#negElbo),
        meanPixelVariance: avg(this.#meanVariance),
        singlePassRms: avg(this.#rms),
        meanAbsGap: avg(this.#meanAbsGap),
      });
    }
    const dims = this.#latentDims;
    const zMeans = new Float32Array(this.#filled * dims);
    this.#zMeans.forEach((rows, n, all) =>
      zMeans.set(rows, all.slice(0, n).reduce((s, r) => s + r.length, 0))
    );
    const zMeanVariance = columnVariances(zMeans, dims);
    const recon = mean(this.#recon);
    const meanDecodeBce = mean(this.#meanDecodeBce);
    const floor = mean(this.#entropyFloor);
    return {
      images: this.#filled,
      passes,
      seed,
      negElbo: { total: mean(this.#negElbo), recon, kl: mean(this.#kl) },
      meanDecodeBce,
      reconGap: recon - meanDecodeBce,
      entropyFloor: {
        nats: floor,
        grayPixelFraction: this.#grayPixels / (this.#filled * this.pixels),
        meanDecodeExcess: meanDecodeBce - floor,
        sampledReconExcess: recon - floor,
      },
      importanceWeighted: { bound: mean(this.#importanceWeighted), samples: passes },
      latent: {
        dims,
        activeUnits: activeUnits(zMeanVariance),
        activeThreshold: ACTIVE_UNIT_THRESHOLD,
        klPerDim: [...(this.#klPerDim ?? [])].map((sum) => sum / this.#filled),
        zMeanVariance,
      },
      pixelVariance: summarize(this.#variances),
      absGapPassMeanVsMeanDecode: summarize(this.#gaps),
      singlePassRms: summarize(this.#rms),
      singlePassMeanSquare: mean(this.#meanSquare),
      perClass,
      seedNoise: {
        negElbo: Math.sqrt(this.#reconVarianceSum) / this.#filled,
        singlePassRms: Math.sqrt(this.#rmsVarianceSum) / this.#filled,
      },
      epsilonZeroMaxAbs: this.#epsilonZeroMaxAbs,
      vaeVersusDecoderMaxAbs: this.#vaeVersusDecoderMaxAbs,
    };
  }
}
