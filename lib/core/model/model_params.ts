/**
 * The VAE's weights: five Dense layers named as in the Keras example, with Keras' default
 * initialisers (glorot-uniform kernels, zero biases), seeded.
 */
import * as tf from "@tensorflow/tfjs";
import { streamSeed } from "./rng_streams.ts";
import type { NamedArray } from "./weights_file.ts";

/** Layer sizes. */
export interface VaeShape {
  inputDim: number;
  hiddenDim: number;
  latentDim: number;
}

/** The five Dense layers, in the fixed order used for files and optimizer state. */
export const LAYERS = ["encoder_hidden", "z_mean", "z_log_var", "decoder_hidden", "decoder_output"] as const;
/** One of {@link LAYERS}. */
export type LayerName = typeof LAYERS[number];

/** Kernel [in, out] and bias [out] of one Dense layer. */
export interface Dense {
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D;
}

/** All weights of the VAE. */
export type VaeParams = Record<LayerName, Dense>;

/** [fan in, fan out] of each layer. */
export function layerSizes(shape: VaeShape): Record<LayerName, [number, number]> {
  const { inputDim: d, hiddenDim: h, latentDim: l } = shape;
  return {
    encoder_hidden: [d, h],
    z_mean: [h, l],
    z_log_var: [h, l],
    decoder_hidden: [l, h],
    decoder_output: [h, d],
  };
}

/**
 * Fresh weights: kernels ~ U(−a, a) with a = √(6 / (fan_in + fan_out)) (Keras'
 * glorot_uniform; note tfjs' own Dense default is glorot-normal), biases 0. Each layer has
 * its own seeded stream.
 */
export function initVaeParams(shape: VaeShape, seed: number): VaeParams {
  const sizes = layerSizes(shape);
  const entries = LAYERS.map((name) => {
    const [fanIn, fanOut] = sizes[name];
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const kernel = tf.randomUniform(
      [fanIn, fanOut],
      -limit,
      limit,
      "float32",
      streamSeed(seed, "init", name),
    );
    return [name, { kernel: tf.keep(kernel), bias: tf.keep(tf.zeros([fanOut])) as tf.Tensor1D }];
  });
  return Object.fromEntries(entries) as VaeParams;
}

/** The weights as named arrays "<layer>/kernel", "<layer>/bias", in {@link LAYERS} order. */
export function paramsToArrays(params: VaeParams): NamedArray[] {
  return LAYERS.flatMap((name) => [
    {
      name: `${name}/kernel`,
      shape: params[name].kernel.shape,
      values: params[name].kernel.dataSync() as Float32Array,
    },
    {
      name: `${name}/bias`,
      shape: params[name].bias.shape,
      values: params[name].bias.dataSync() as Float32Array,
    },
  ]);
}

/** Rebuilds weights from named arrays (as written by {@link paramsToArrays}), checking shapes. */
export function paramsFromArrays(arrays: NamedArray[], shape: VaeShape, where: string): VaeParams {
  const byName = new Map(arrays.map((a) => [a.name, a]));
  const sizes = layerSizes(shape);
  const take = (name: string, expected: number[]) => {
    const array = byName.get(name);
    if (array === undefined) throw new SyntaxError(`${where}: weight ${name} is missing`);
    if (array.shape.join("x") !== expected.join("x")) {
      throw new SyntaxError(`${where}: weight ${name} has shape [${array.shape}], expected [${expected}]`);
    }
    return tf.keep(tf.tensor(array.values, expected, "float32"));
  };
  const entries = LAYERS.map((name) => {
    const [fanIn, fanOut] = sizes[name];
    return [name, { kernel: take(`${name}/kernel`, [fanIn, fanOut]), bias: take(`${name}/bias`, [fanOut]) }];
  });
  return Object.fromEntries(entries) as VaeParams;
}

/** Frees every tensor of `params`. */
export function disposeParams(params: VaeParams): void {
  for (const name of LAYERS) {
    params[name].kernel.dispose();
    params[name].bias.dispose();
  }
}
