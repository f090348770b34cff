/**
 * What both pass loops (lib/stages/evaluate/stochastic_passes.ts, lib/stages/evaluate/native_passes.ts) keep of
 * a chunk's passes, added in pass order: passes 1 to 3 for the figure, in the chunk's buffers;
 * per image the running log-mean-exp of log w (the importance-weighted bound); the variance
 * across the first NOISE_PASSES passes of the BCE and of the RMS against the mean decode; and
 * pass 1's BCE (the sampled −ELBO's reconstruction term).
 */
import type { ChunkBuffers } from "./chunk_buffers.ts";
import { LogMeanExp } from "./importance_weights.ts";
import type { PassLoopResult } from "./pass_loop.ts";
import { PerImageMoments } from "./per_image_moments.ts";

/** One pass's figures per image, for {@link PassTally.add}. */
export interface PassFigures {
  /** log p(x|z) + log p(z) − log q(z|x). */
  logWeight: ArrayLike<number>;
  /** Σ-pixel clipped BCE(x, y). */
  bce: Float32Array;
  /** RMS(y − mean decode): given for the noise passes (the first NOISE_PASSES), not after. */
  rms?: ArrayLike<number>;
  /** y, for passes 1 to 3: the array {@link PassTally.keptBuffer} gave. */
  y?: Float32Array;
}

/** A chunk's passes, tallied. */
export class PassTally {
  #passes = 0;
  #buffers: ChunkBuffers;
  #kept: Float32Array[] = [];
  #recon: PerImageMoments;
  #rms: PerImageMoments;
  #logMeanWeight: LogMeanExp;
  #negElboRecon: Float32Array | undefined;

  constructor(rows: number, buffers: ChunkBuffers) {
    this.#buffers = buffers;
    this.#recon = new PerImageMoments(rows);
    this.#rms = new PerImageMoments(rows);
    this.#logMeanWeight = new LogMeanExp(rows);
  }

  /** Where pass `pass` writes its y (`size` floats) when it is one of the first three; else undefined. */
  keptBuffer(pass: number, size: number): Float32Array | undefined {
    const buffers = [this.#buffers.firstPass, this.#buffers.secondPass, this.#buffers.thirdPass];
    return buffers[pass - 1]?.subarray(0, size);
  }

  /** Adds the next pass's figures. */
  add(figures: PassFigures): void {
    this.#passes++;
    this.#logMeanWeight.add(figures.logWeight);
    if (figures.rms !== undefined) {
      this.#recon.add(figures.bce);
      this.#rms.add(figures.rms);
    }
    if (figures.y !== undefined) this.#kept.push(figures.y);
    if (this.#passes === 1) this.#negElboRecon = Float32Array.from(figures.bce);
  }

  /**
   * The loop's result once every pass was added, with the pass mean and variance and pass 1's
   * check the loop computed. With N = 2 the figure's third row is pass 2 again, copied.
   */
  result(
    passMean: Float32Array,
    passVariance: Float32Array,
    vaeVersusDecoderMaxAbs: number,
  ): PassLoopResult {
    if (this.#kept.length === 2) {
      const third = this.keptBuffer(3, this.#kept[1]!.length)!;
      third.set(this.#kept[1]!);
      this.#kept.push(third);
    }
    return {
      passMean,
      passVariance,
      kept: this.#kept as PassLoopResult["kept"],
      negElboRecon: this.#negElboRecon!,
      reconVarianceAcrossPasses: this.#recon.variance(),
      rmsVarianceAcrossPasses: this.#rms.variance(),
      importanceWeightedBound: this.#logMeanWeight.value().map((v) => -v),
      vaeVersusDecoderMaxAbs,
    };
  }
}
