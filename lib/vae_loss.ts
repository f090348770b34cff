/**
 * The loss of the Keras "VAE on MNIST (MLP)" example, per image:
 * reconstruction Σ_pixels BCE(x, x̂) (Keras writes 784 · mean BCE) plus
 * KL(q(z|x) ‖ N(0, I)) = −0.5 · Σ(1 + z_log_var − z_mean² − exp z_log_var); the batch mean
 * of both. Pixels are grey levels in [0, 1], not binarised.
 *
 * BCE is computed from the decoder's logits l in the stable form
 * BCE = softplus(l) − x·l = max(l, 0) − x·l + log1p(exp(−|l|)), never forming log(x̂).
 * Keras 2.2 instead clips x̂ to [1e−7, 1 − 1e−7] before taking logs, which is this same
 * formula with l clipped to ±ln((1 − 1e−7) / 1e−7) ≈ ±16.1: the two agree wherever
 * |l| ≲ 16 and differ only beyond, where Keras' loss (and its gradient) saturate and this
 * one keeps growing linearly.
 */
import * as tf from "@tensorflow/tfjs";
import { vaePass } from "./vae_forward.ts";
import type { VaeParams } from "./vae_params.ts";

/** Batch means in nats per image: total = recon + kl. */
export type VaeLoss<T> = {
  total: T;
  recon: T;
  kl: T;
};

/**
 * Σ over pixels of BCE(x, sigmoid(logits)), per image: [batch].
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { bceFromLogits } from "./vae_loss.ts";
 * bceFromLogits(tf.tensor2d([[1]]), tf.tensor2d([[0]])).dataSync()[0]; // ln 2 ≈ 0.693
 * ```
 */
export function bceFromLogits(x: tf.Tensor2D, logits: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const softplus = tf.add(tf.relu(logits), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    return tf.sum(tf.sub(softplus, tf.mul(x, logits)), 1);
  });
}

/** KL(N(z_mean, exp z_log_var) ‖ N(0, I)) per image: [batch]. */
export function klDivergence(zMean: tf.Tensor2D, zLogVar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() =>
    tf.mul(tf.sum(tf.sub(tf.sub(tf.add(zLogVar, 1), tf.square(zMean)), tf.exp(zLogVar)), 1), -0.5)
  );
}

/** The loss and its parts as scalar batch means, from the VAE's outputs on `x`. */
export function vaeLossFromOutputs(
  x: tf.Tensor2D,
  logits: tf.Tensor2D,
  zMean: tf.Tensor2D,
  zLogVar: tf.Tensor2D,
): VaeLoss<tf.Scalar> {
  return tf.tidy(() => {
    const recon = tf.mean(bceFromLogits(x, logits)) as tf.Scalar;
    const kl = tf.mean(klDivergence(zMean, zLogVar)) as tf.Scalar;
    return { total: tf.add(recon, kl) as tf.Scalar, recon, kl };
  });
}

/**
 * The loss of the VAE with weights `params` on batch `x` with latent noise `eps`
 * ([batch, latent], one sampled z per image): what Keras reports as loss during training
 * and as val_loss on held-out images.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { initVaeParams } from "./vae_params.ts";
 * import { vaeLoss } from "./vae_loss.ts";
 * const params = initVaeParams({ inputDim: 4, hiddenDim: 3, latentDim: 2, seed: 1 });
 * const loss = vaeLoss(params, tf.fill([5, 4], 0.5), tf.zeros([5, 2]));
 * loss.total.dataSync()[0]! > 0; // true
 * ```
 */
export function vaeLoss(params: VaeParams, x: tf.Tensor2D, eps: tf.Tensor2D): VaeLoss<tf.Scalar> {
  return tf.tidy(() => {
    const { zMean, zLogVar, logits } = vaePass(params, x, eps);
    return vaeLossFromOutputs(x, logits, zMean, zLogVar);
  });
}
