/**
 * The trained VAE as three TensorFlow.js LayersModels made of built-in layers, plus the one
 * custom Sampling layer in the full VAE:
 * - encoder: x [784] → [z_mean, z_log_var] [latent each]
 * - decoder: z [latent] → x̂ [784] (sigmoid)
 * - vae: (x, ε) → x̂, with z = z_mean + exp(0.5·z_log_var)·ε made explicit, so ε = 0 gives
 *   the mean decode and ε ~ N(0, I) the Keras example's vae(x).
 */
import * as tf from "@tensorflow/tfjs";
import { type LayerName, LAYERS, type VaeParams, type VaeShape } from "./model_params.ts";
import { SamplingLayer } from "./sampling_layer.ts";

/** The three models. */
export interface KerasModels {
  encoder: tf.LayersModel;
  decoder: tf.LayersModel;
  vae: tf.LayersModel;
}

type DenseLayers = Record<LayerName, tf.layers.Layer>;

function denseLayers(shape: VaeShape): DenseLayers {
  const dense = (name: LayerName, units: number, activation: "relu" | "linear" | "sigmoid") =>
    tf.layers.dense({ name, units, activation, kernelInitializer: "zeros" });
  return {
    encoder_hidden: dense("encoder_hidden", shape.hiddenDim, "relu"),
    z_mean: dense("z_mean", shape.latentDim, "linear"),
    z_log_var: dense("z_log_var", shape.latentDim, "linear"),
    decoder_hidden: dense("decoder_hidden", shape.hiddenDim, "relu"),
    decoder_output: dense("decoder_output", shape.inputDim, "sigmoid"),
  };
}

function setWeights(layers: DenseLayers, params: VaeParams, names: readonly LayerName[]): void {
  for (const name of names) layers[name].setWeights([params[name].kernel, params[name].bias]);
}

/** Builds the three models with the weights of `params` (copied into the layers). */
export function buildKerasModels(params: VaeParams, shape: VaeShape): KerasModels {
  const encoderLayers = denseLayers(shape);
  const x = tf.input({ shape: [shape.inputDim], name: "x" });
  const hidden = encoderLayers.encoder_hidden.apply(x) as tf.SymbolicTensor;
  const encoder = tf.model({
    name: "encoder",
    inputs: x,
    outputs: [
      encoderLayers.z_mean.apply(hidden) as tf.SymbolicTensor,
      encoderLayers.z_log_var.apply(hidden) as tf.SymbolicTensor,
    ],
  });

  const decoderLayers = denseLayers(shape);
  const z = tf.input({ shape: [shape.latentDim], name: "z" });
  const decoder = tf.model({
    name: "decoder",
    inputs: z,
    outputs: decoderLayers.decoder_output.apply(decoderLayers.decoder_hidden.apply(z)) as tf.SymbolicTensor,
  });

  const vaeLayers = denseLayers(shape);
  const vx = tf.input({ shape: [shape.inputDim], name: "x" });
  const eps = tf.input({ shape: [shape.latentDim], name: "epsilon" });
  const vHidden = vaeLayers.encoder_hidden.apply(vx) as tf.SymbolicTensor;
  const sampled = new SamplingLayer({ name: "sampling" }).apply([
    vaeLayers.z_mean.apply(vHidden) as tf.SymbolicTensor,
    vaeLayers.z_log_var.apply(vHidden) as tf.SymbolicTensor,
    eps,
  ]) as tf.SymbolicTensor;
  const vae = tf.model({
    name: "vae",
    inputs: [vx, eps],
    outputs: vaeLayers.decoder_output.apply(vaeLayers.decoder_hidden.apply(sampled)) as tf.SymbolicTensor,
  });

  setWeights(encoderLayers, params, ["encoder_hidden", "z_mean", "z_log_var"]);
  setWeights(decoderLayers, params, ["decoder_hidden", "decoder_output"]);
  setWeights(vaeLayers, params, LAYERS);
  return { encoder, decoder, vae };
}
