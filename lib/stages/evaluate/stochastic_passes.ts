/**
 * N stochastic passes of the exported VAE over a chunk of images, against the single mean
 * decode m = decoder(z_mean): per image and pixel the streamed mean ȳ and variance s² of the
 * passes y_k = decoder(z_mean + exp(0.5·z_log_var)·ε_k), plus the facts the report needs.
 * Memory is constant in N (Welford); only passes 1 to 3 are kept, for the figure. The passes run
 * as tfjs ops on wasm, and as lib/stages/evaluate/native_passes.ts's loop on the native engine.
 */
import * as tf from "@tensorflow/tfjs";
import { clippedBce, klDivergence, klTerms } from "../../core/model/elbo_loss.ts";
import type { KerasModels } from "../../core/model/keras_models.ts";
import { sampleLatent } from "../../core/model/model_forward.ts";
import type { Engine } from "../../core/engine/engine.ts";
import { logPriorOverPosterior } from "./importance_weights.ts";
import { Welford } from "./welford.ts";
import { type ChunkBuffers, newChunkBuffers, readInto } from "./chunk_buffers.ts";
import { NOISE_PASSES, passEpsilon, type PassLoopInputs, type PassLoopResult } from "./pass_loop.ts";
import { PassTally } from "./pass_tally.ts";
import { nativePasses } from "./native_passes.ts";
import { turnsEvery } from "../../core/runtime/event_loop_turn.ts";

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

/**
 * Runs `passes` (≥ 2) stochastic passes over images `x` (chunk number `chunk`) on `engine`
 * (activated). The image-sized results are written into `buffers` (new ones when none are given)
 * and returned as views of them. The passes give the event loop a turn every so often, so that
 * a signal is handled while they run (lib/core/runtime/event_loop_turn.ts).
 */
export async function runChunk(
  engine: Engine,
  models: KerasModels,
  x: tf.Tensor2D,
  passes: number,
  seed: number,
  chunk: number,
  buffers: ChunkBuffers = newChunkBuffers(x.size),
): Promise<ChunkResult> {
  const rows = x.shape[0];
  const predict = (model: tf.LayersModel, input: tf.Tensor | tf.Tensor[]) =>
    model.predict(input, { batchSize: rows }) as tf.Tensor2D;
  const [zMean, zLogVar] = models.encoder.predict(x, { batchSize: rows }) as tf.Tensor2D[];
  const meanDecode = predict(models.decoder, zMean!);
  const inputs = { models, x, zMean: zMean!, zLogVar: zLogVar!, meanDecode, passes, seed, chunk, buffers };
  const loop = engine.blasPath !== undefined
    ? await nativePasses(inputs, engine.blasPath)
    : await tfjsPasses(inputs);
  // tf.tidy() walks every element of typed arrays it returns, so it returns tensors, read below.
  const final = tf.tidy(() => {
    const kl = klDivergence(zMean!, zLogVar!);
    const zero = predict(models.vae, [x, tf.zerosLike(zMean!)]);
    return {
      kl,
      meanDecodeBce: engine.clippedBce(x, meanDecode),
      klPerDim: tf.mul(klTerms(zMean!, zLogVar!), -0.5),
      epsilonZeroMaxAbs: tf.max(tf.abs(tf.sub(zero, meanDecode))),
    };
  });
  const result = {
    kl: final.kl.dataSync() as Float32Array,
    meanDecodeBce: final.meanDecodeBce.dataSync() as Float32Array,
    klPerDim: final.klPerDim.dataSync() as Float32Array,
    epsilonZeroMaxAbs: final.epsilonZeroMaxAbs.dataSync()[0]!,
  };
  tf.dispose(Object.values(final));
  const out: ChunkResult = {
    meanDecode: readInto(meanDecode, buffers.meanDecode),
    firstPass: loop.kept[0],
    secondPass: loop.kept[1],
    thirdPass: loop.kept[2],
    passMean: loop.passMean,
    passVariance: loop.passVariance,
    negElboRecon: loop.negElboRecon,
    reconVarianceAcrossPasses: loop.reconVarianceAcrossPasses,
    rmsVarianceAcrossPasses: loop.rmsVarianceAcrossPasses,
    vaeVersusDecoderMaxAbs: loop.vaeVersusDecoderMaxAbs,
    importanceWeightedBound: loop.importanceWeightedBound,
    zMean: zMean!.dataSync() as Float32Array,
    ...result,
  };
  tf.dispose([zMean!, zLogVar!, meanDecode]);
  return out;
}

/** The passes with tfjs ops (on the wasm engine). */
async function tfjsPasses(c: PassLoopInputs): Promise<PassLoopResult> {
  const { models, x, zMean, zLogVar, meanDecode, passes, seed, chunk, buffers } = c;
  const rows = x.shape[0];
  const latentDim = zMean.shape[1];
  const welford = new Welford();
  const tally = new PassTally(rows, buffers);
  let vaeVersusDecoderMaxAbs = 0;
  const turnIfDue = turnsEvery();
  for (let pass = 1; pass <= passes; pass++) {
    await turnIfDue();
    tf.tidy(() => {
      const eps = passEpsilon(seed, chunk, pass, rows, latentDim);
      const z = sampleLatent(zMean, zLogVar, eps);
      // execute(), not predict(): the same layers and ops (so the same bytes), without
      // predict()'s batching, which costs ~1 ms a pass.
      const y = models.decoder.execute(z, models.decoder.outputs[0]!.name) as tf.Tensor2D;
      welford.add(y);
      const bce = clippedBce(x, y);
      const keep = tally.keptBuffer(pass, y.size);
      tally.add({
        logWeight: tf.sub(logPriorOverPosterior(z, eps, zLogVar), bce).dataSync(),
        bce: bce.dataSync() as Float32Array,
        rms: pass <= NOISE_PASSES
          ? tf.sqrt(tf.mean(tf.squaredDifference(y, meanDecode), 1)).dataSync()
          : undefined,
        y: keep && readInto(y, keep),
      });
      if (pass === 1) {
        // The decoder-on-sampled-z shortcut must be exactly the exported VAE.
        const vae = models.vae.predict([x, eps], { batchSize: rows }) as tf.Tensor2D;
        vaeVersusDecoderMaxAbs = tf.max(tf.abs(tf.sub(vae, y))).dataSync()[0]!;
      }
    });
  }
  const [mean, variance] = [welford.mean(), welford.variance()];
  const result = tally.result(
    readInto(mean, buffers.passMean),
    readInto(variance, buffers.passVariance),
    vaeVersusDecoderMaxAbs,
  );
  tf.dispose([mean, variance]);
  welford.dispose();
  return result;
}
