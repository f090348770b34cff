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

/** KL(q(z|x) ‖ N(0, I)) per image: [B]. */
export function klDivergence(zMean: tf.Tensor2D, zLogVar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() =>
    tf.mul(tf.sum(tf.sub(tf.sub(tf.add(zLogVar, 1), tf.square(zMean)), tf.exp(zLogVar)), 1), -0.5)
  );
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
