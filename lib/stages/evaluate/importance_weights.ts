/**
 * The importance-weighted bound (Burda, Grosse & Salakhutdinov 2015) from the N stochastic
 * passes: with z_k = z_mean + σ·ε_k and log w_k = log p(x|z_k) + log p(z_k) − log q(z_k|x),
 * the bound per image is −log (1/N) Σ_k w_k nats. It is never above the average of −log w_k
 * over the same passes, and tightens as N grows. Streamed: per image a running maximum and a
 * scaled sum (float64), so memory does not grow with N.
 */
import * as tf from "@tensorflow/tfjs";

/**
 * log p(z) − log q(z|x) per row for z = z_mean + exp(0.5·z_log_var)·ε, both Gaussians
 * diagonal: Σ_d ½(ε² − z² + z_log_var) (the log 2π terms cancel).
 */
export function logPriorOverPosterior(z: tf.Tensor2D, eps: tf.Tensor2D, zLogVar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.mul(tf.sum(tf.add(tf.sub(tf.square(eps), tf.square(z)), zLogVar), 1), 0.5));
}

/** Per image, log (1/N) Σ_k exp(v_k) over the values added so far, computed without overflow. */
export class LogMeanExp {
  #max: Float64Array;
  #scaledSum: Float64Array;
  #count = 0;

  constructor(rows: number) {
    this.#max = new Float64Array(rows).fill(-Infinity);
    this.#scaledSum = new Float64Array(rows);
  }

  /** Adds one value per image (e.g. log w_k of pass k). */
  add(values: ArrayLike<number>): void {
    this.#count++;
    for (let i = 0; i < this.#max.length; i++) {
      const v = values[i]!;
      const max = this.#max[i]!;
      if (v > max) {
        this.#scaledSum[i] = this.#scaledSum[i]! * Math.exp(max - v) + 1;
        this.#max[i] = v;
      } else {
        this.#scaledSum[i]! += Math.exp(v - max);
      }
    }
  }

  /** log (1/N) Σ_k exp(v_k) per image. */
  value(): Float64Array {
    const logCount = Math.log(this.#count);
    return this.#max.map((max, i) => max + Math.log(this.#scaledSum[i]!) - logCount);
  }
}
