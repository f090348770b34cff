/**
 * The VAE's forward pass as pure functions of tensors: encoder, reparameterised sampling
 * and decoder of the Keras "VAE on MNIST (MLP)" example. Each Dense layer is one
 * tf.fused.matMul with bias and activation (as tf.layers.Dense runs it). Callers own the
 * returned tensors.
 */
import * as tf from "@tensorflow/tfjs";
import type { VaeParams } from "./vae_params.ts";

/** The encoder's outputs: the mean and log-variance of q(z | x), each [batch, latent]. */
export type Encoding = {
  zMean: tf.Tensor2D;
  zLogVar: tf.Tensor2D;
};

/**
 * Encoder: x [batch, input] → Dense(hidden, relu) → z_mean, z_log_var [batch, latent].
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { initVaeParams } from "./vae_params.ts";
 * import { encode } from "./vae_forward.ts";
 * const params = initVaeParams({ inputDim: 4, hiddenDim: 3, latentDim: 2, seed: 1 });
 * const { zMean } = encode(params, tf.ones([5, 4]));
 * zMean.shape; // [5, 2]
 * ```
 */
export function encode(params: VaeParams, x: tf.Tensor2D): Encoding {
  return tf.tidy(() => {
    const hidden = dense(x, params["enc_hidden/kernel"], params["enc_hidden/bias"], "relu");
    return {
      zMean: dense(hidden, params["z_mean/kernel"], params["z_mean/bias"], "linear"),
      zLogVar: dense(hidden, params["z_log_var/kernel"], params["z_log_var/bias"], "linear"),
    };
  });
}

/**
 * The reparameterisation z = z_mean + exp(0.5 · z_log_var) · ε, with ε ~ N(0, I) drawn
 * by the caller (see lib/seeds.ts). ε = 0 gives z_mean exactly.
 */
export function sampleLatent(zMean: tf.Tensor2D, zLogVar: tf.Tensor2D, eps: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.add(zMean, tf.mul(tf.exp(tf.mul(zLogVar, 0.5)), eps)));
}

/** Decoder up to its last activation: z [batch, latent] → Dense(hidden, relu) → logits [batch, input]. */
export function decodeLogits(params: VaeParams, z: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const hidden = dense(z, params["dec_hidden/kernel"], params["dec_hidden/bias"], "relu");
    return dense(hidden, params["dec_out/kernel"], params["dec_out/bias"], "linear");
  });
}

/** Decoder: z [batch, latent] → pixel probabilities x̂ = sigmoid(logits) [batch, input]. */
export function decode(params: VaeParams, z: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.sigmoid(decodeLogits(params, z)));
}

/** One Dense layer, x · kernel + bias then the activation, as a single fused matMul. */
function dense(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  activation: "relu" | "linear",
): tf.Tensor2D {
  return tf.fused.matMul({ a: x, b: kernel, bias, activation }) as tf.Tensor2D;
}

/** Everything one pass of the whole VAE computes, for the loss and for figures. */
export type VaePass = Encoding & {
  z: tf.Tensor2D;
  logits: tf.Tensor2D;
};

/**
 * The whole VAE with explicit noise: encode, sample z with `eps`, decode to logits. With
 * ε = 0, sigmoid(logits) equals decode(params, zMean).
 */
export function vaePass(params: VaeParams, x: tf.Tensor2D, eps: tf.Tensor2D): VaePass {
  return tf.tidy(() => {
    const { zMean, zLogVar } = encode(params, x);
    const z = sampleLatent(zMean, zLogVar, eps);
    return { zMean, zLogVar, z, logits: decodeLogits(params, z) };
  });
}
