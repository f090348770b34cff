/**
 * The layout the trainer keeps the weights (and Adam's moments) in, chosen for speed in
 * tfjs-backend-wasm, and its exact conversion to and from {@link VaeParams}:
 * - encoder_hidden's kernel is stored transposed, [hidden, input], so that the biggest
 *   product has it on the left. XNNPACK re-packs a matMul's right-hand operand whenever it
 *   is a new tensor — as weights are after every update — at ~4 ns per value.
 * - z_mean and z_log_var are one kernel [hidden, 2·latent] and one bias [2·latent].
 * Transposing, concatenating and splitting only move values, so conversions are exact.
 */
import * as tf from "@tensorflow/tfjs";
import type { VaeParams } from "../../core/model/model_params.ts";

/** The weights in training layout, in a fixed order. */
export const TRAIN_WEIGHTS = [
  "encoder_hidden_kernel_t",
  "encoder_hidden_bias",
  "z_kernel",
  "z_bias",
  "decoder_hidden_kernel",
  "decoder_hidden_bias",
  "decoder_output_kernel",
  "decoder_output_bias",
] as const;
/** One of {@link TRAIN_WEIGHTS}. */
export type TrainWeightName = typeof TRAIN_WEIGHTS[number];
/** Tensors by training-layout name: weights, gradients or moments. */
export type TrainWeights = Record<TrainWeightName, tf.Tensor>;

/** `params` (or anything shaped like them) in training layout, as new tensors. */
export function toTrainLayout(params: VaeParams): TrainWeights {
  return tf.tidy(() => ({
    encoder_hidden_kernel_t: tf.transpose(params.encoder_hidden.kernel),
    encoder_hidden_bias: tf.clone(params.encoder_hidden.bias),
    z_kernel: tf.concat([params.z_mean.kernel, params.z_log_var.kernel], 1),
    z_bias: tf.concat([params.z_mean.bias, params.z_log_var.bias]),
    decoder_hidden_kernel: tf.clone(params.decoder_hidden.kernel),
    decoder_hidden_bias: tf.clone(params.decoder_hidden.bias),
    decoder_output_kernel: tf.clone(params.decoder_output.kernel),
    decoder_output_bias: tf.clone(params.decoder_output.bias),
  }));
}

/** The inverse of {@link toTrainLayout}, as new tensors. */
export function fromTrainLayout(weights: TrainWeights): VaeParams {
  return tf.tidy(() => {
    const latent = weights.z_bias.shape[0]! / 2;
    const [meanKernel, logVarKernel] = tf.split(weights.z_kernel, [latent, latent], 1) as tf.Tensor2D[];
    const [meanBias, logVarBias] = tf.split(weights.z_bias, [latent, latent]) as tf.Tensor1D[];
    return {
      encoder_hidden: {
        kernel: tf.transpose(weights.encoder_hidden_kernel_t) as tf.Tensor2D,
        bias: tf.clone(weights.encoder_hidden_bias) as tf.Tensor1D,
      },
      z_mean: { kernel: meanKernel!, bias: meanBias! },
      z_log_var: { kernel: logVarKernel!, bias: logVarBias! },
      decoder_hidden: {
        kernel: tf.clone(weights.decoder_hidden_kernel) as tf.Tensor2D,
        bias: tf.clone(weights.decoder_hidden_bias) as tf.Tensor1D,
      },
      decoder_output: {
        kernel: tf.clone(weights.decoder_output_kernel) as tf.Tensor2D,
        bias: tf.clone(weights.decoder_output_bias) as tf.Tensor1D,
      },
    };
  });
}
