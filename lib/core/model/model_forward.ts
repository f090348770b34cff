/**
 * The VAE's inference pass, written with the same tfjs ops, in the same order, that
 * tf.layers.Dense and the exported Sampling layer use, so that the exported LayersModels
 * reproduce these outputs bit for bit: relu and linear layers are one fused matMul with
 * bias and activation; the sigmoid output layer is matMul, then bias add, then sigmoid.
 */
import * as tf from "@tensorflow/tfjs";
import type { Dense, VaeParams } from "./model_params.ts";

function denseFused(x: tf.Tensor2D, layer: Dense, activation: "relu" | "linear"): tf.Tensor2D {
  return tf.fused.matMul({ a: x, b: layer.kernel, bias: layer.bias, activation }) as tf.Tensor2D;
}

/** Encoder: x [B, 784] → z_mean, z_log_var [B, latent]. */
export function encode(params: VaeParams, x: tf.Tensor2D): { zMean: tf.Tensor2D; zLogVar: tf.Tensor2D } {
  return tf.tidy(() => {
    const hidden = denseFused(x, params.encoder_hidden, "relu");
    return {
      zMean: denseFused(hidden, params.z_mean, "linear"),
      zLogVar: denseFused(hidden, params.z_log_var, "linear"),
    };
  });
}

/** The standard deviation of q(z|x): σ = exp(0.5 · z_log_var). */
export function latentStd<T extends tf.Tensor>(zLogVar: T): T {
  return tf.exp(tf.mul(zLogVar, 0.5));
}

/**
 * The reparameterisation: z = z_mean + exp(0.5 · z_log_var) · ε. ε = 0 gives z_mean exactly.
 * `std` may be passed when the caller already has σ = {@link latentStd}(z_log_var) (the
 * training gradient reuses it). The exported Sampling layer calls this very function, which
 * is what makes vae(x, ε) equal decoder(z) bit for bit.
 */
export function sampleLatent<T extends tf.Tensor>(zMean: T, zLogVar: T, eps: T, std?: T): T {
  return tf.tidy(() => tf.add(zMean, tf.mul(std ?? latentStd(zLogVar), eps)));
}

/** Decoder: z [B, latent] → pixel probabilities x̂ [B, 784] (sigmoid). */
export function decode(params: VaeParams, z: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const hidden = denseFused(z, params.decoder_hidden, "relu");
    const out = params.decoder_output;
    return tf.sigmoid(tf.add(tf.fused.matMul({ a: hidden, b: out.kernel }), out.bias));
  });
}

/** The whole VAE with explicit noise: decode(sampleLatent(encode(x), ε)). */
export function vaeForward(params: VaeParams, x: tf.Tensor2D, eps: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const { zMean, zLogVar } = encode(params, x);
    return decode(params, sampleLatent(zMean, zLogVar, eps));
  });
}
