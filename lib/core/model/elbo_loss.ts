/**
 * The VAE loss of the Keras example, per image: reconstruction Σ_pixels BCE(x, x̂) (Keras
 * writes 784 · mean BCE) plus KL = −0.5 · Σ(1 + z_log_var − z_mean² − exp z_log_var);
 * averaged over the batch.
 *
 * BCE is computed from the decoder's logits l in the stable form
 * BCE = max(l, 0) − x·l + log(1 + exp(−|l|)). Keras 2.2 instead clips x̂ to
 * [1e−7, 1 − 1e−7] and converts back to logits, which equals this form with l clipped to
 * ±log((1 − 1e−7)/1e−7) ≈ ±16.12: the two differ only for pixels whose |logit| exceeds
 * ~16, where Keras' loss and gradient saturate and ours keep going.
 */
import * as tf from "@tensorflow/tfjs";

/** Batch means, in nats per image. */
export type ElboParts<T> = {
  total: T;
  recon: T;
  kl: T;
};

/** Σ over pixels of BCE(x, sigmoid(logits)), per image: [B]. */
export function bceFromLogits(x: tf.Tensor2D, logits: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() =>
    tf.sum(tf.add(tf.sub(tf.relu(logits), tf.mul(x, logits)), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))), 1)
  );
}

/** Keras' clipping of probabilities before BCE (K.epsilon()). */
export const KERAS_CLIP = 1e-7;

/**
 * Σ over pixels of BCE(x, p) per image, with p clipped to [1e−7, 1 − 1e−7] as Keras does
 * before its log: −Σ x·ln q + (1 − x)·ln(1 − q), q = clip(p). For the evaluation, which sees
 * the decoder's probabilities, not its logits. The native engine has its own, one C kernel
 * (lib/core/engine/engine.ts).
 */
export function clippedBce(x: tf.Tensor2D, p: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const q = tf.clipByValue(p, KERAS_CLIP, 1 - KERAS_CLIP);
    return tf.neg(tf.sum(tf.add(tf.mul(x, tf.log(q)), tf.mul(tf.sub(1, x), tf.log(tf.sub(1, q)))), 1));
  });
}

/**
 * The terms of the KL divergence before its sum, element by element:
 * 1 + log σ² − μ² − σ², with σ² = `variance` (exp(log σ²) unless the caller has it already).
 * KL = −0.5 · Σ of these; {@link klDivergence} sums per image, the training gradient over
 * the whole batch. Call it inside tf.tidy().
 */
export function klTerms(
  zMean: tf.Tensor,
  zLogVar: tf.Tensor,
  variance: tf.Tensor = tf.exp(zLogVar),
): tf.Tensor {
  return tf.sub(tf.sub(tf.add(zLogVar, 1), tf.square(zMean)), variance);
}

/** KL(q(z|x) ‖ N(0, I)) per image: [B]. */
export function klDivergence(zMean: tf.Tensor2D, zLogVar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.mul(tf.sum(klTerms(zMean, zLogVar), 1), -0.5));
}

/** The loss and its two parts, each a scalar batch mean. */
export function elboLoss(
  x: tf.Tensor2D,
  logits: tf.Tensor2D,
  zMean: tf.Tensor2D,
  zLogVar: tf.Tensor2D,
): ElboParts<tf.Scalar> {
  return tf.tidy(() => {
    const recon = tf.mean(bceFromLogits(x, logits)) as tf.Scalar;
    const kl = tf.mean(klDivergence(zMean, zLogVar)) as tf.Scalar;
    return { total: tf.add(recon, kl) as tf.Scalar, recon, kl };
  });
}
