/**
 * Streaming element-wise mean and variance (Welford's algorithm) over a sequence of
 * same-shaped tensors: memory stays constant however many samples are added.
 */
import * as tf from "@tensorflow/tfjs";

/** Running mean and sum of squared deviations; owns its tensors until {@link dispose}. */
export class Welford {
  #count = 0;
  #mean: tf.Tensor | undefined;
  #m2: tf.Tensor | undefined;

  /** Number of samples added so far. */
  get count(): number {
    return this.#count;
  }

  /**
   * Adds one sample (not disposed; same shape every time):
   * δ = y − mean; mean += δ / n; M2 += δ · (y − mean).
   */
  add(sample: tf.Tensor): void {
    this.#count++;
    if (this.#mean === undefined || this.#m2 === undefined) {
      this.#mean = tf.keep(sample.clone());
      this.#m2 = tf.keep(tf.zerosLike(sample));
      return;
    }
    const [mean, m2] = tf.tidy(() => {
      const delta = tf.sub(sample, this.#mean!);
      const mean = tf.add(this.#mean!, tf.div(delta, this.#count));
      const m2 = tf.add(this.#m2!, tf.mul(delta, tf.sub(sample, mean)));
      return [mean, m2];
    });
    this.#mean.dispose();
    this.#m2.dispose();
    // Kept: the running state outlives any tf.tidy() the caller wraps around add().
    this.#mean = tf.keep(mean);
    this.#m2 = tf.keep(m2);
  }

  /** The element-wise mean of the samples (a new tensor). */
  mean(): tf.Tensor {
    if (this.#mean === undefined) throw new RangeError("Welford.mean(): no samples added");
    return this.#mean.clone();
  }

  /** The element-wise unbiased variance M2 / (n − 1) (a new tensor); needs n ≥ 2. */
  variance(): tf.Tensor {
    if (this.#m2 === undefined || this.#count < 2) {
      throw new RangeError(`Welford.variance(): needs at least 2 samples, has ${this.#count}`);
    }
    return tf.div(this.#m2, this.#count - 1);
  }

  /** Frees the running tensors. */
  dispose(): void {
    this.#mean?.dispose();
    this.#m2?.dispose();
  }
}
