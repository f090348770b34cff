/**
 * The VAE's weights: five Dense layers with Keras' default initialisers — glorot-uniform
 * kernels, U(−a, a) with a = √(6 / (fan_in + fan_out)), and zero biases — seeded. (tfjs'
 * own Dense default is glorot-normal; we follow Keras.) Kernels are [fan_in, fan_out], as
 * in Keras and tf.layers.Dense.
 */
import * as tf from "@tensorflow/tfjs";
import { deriveSeed } from "./seeds.ts";

/** Layer sizes of the VAE. */
export interface VaeDims {
  /** Pixels per image: 784 for MNIST. */
  inputDim: number;
  /** Units of the encoder's and the decoder's hidden Dense layer: 512 in the Keras example. */
  hiddenDim: number;
  /** Size of z: 32 in the MLP VAE Keras example. */
  latentDim: number;
}

/** The Keras example's sizes. */
export const DEFAULT_VAE_DIMS: Readonly<VaeDims> = { inputDim: 784, hiddenDim: 512, latentDim: 32 };

/** The five Dense layers, encoder first. */
export const VAE_LAYERS = ["enc_hidden", "z_mean", "z_log_var", "dec_hidden", "dec_out"] as const;
/** One of {@link VAE_LAYERS}. */
export type VaeLayer = typeof VAE_LAYERS[number];

/** Every weight, "<layer>/kernel" then "<layer>/bias", in the fixed order of files and optimizer state. */
export const VAE_PARAM_NAMES = VAE_LAYERS.flatMap((layer) => [`${layer}/kernel`, `${layer}/bias`] as const);
/** One of {@link VAE_PARAM_NAMES}. */
export type VaeParamName = `${VaeLayer}/kernel` | `${VaeLayer}/bias`;

/** All weights of the VAE by name: kernels [fan_in, fan_out], biases [fan_out]. */
export type VaeParams = { [K in VaeParamName]: K extends `${string}/kernel` ? tf.Tensor2D : tf.Tensor1D };

/**
 * The shape of every weight for `dims`.
 *
 * @example
 * ```ts
 * import { vaeParamShapes } from "./vae_params.ts";
 * vaeParamShapes({ inputDim: 784, hiddenDim: 512, latentDim: 32 })["z_mean/kernel"]; // [512, 32]
 * ```
 */
export function vaeParamShapes(dims: VaeDims): Record<VaeParamName, number[]> {
  const { inputDim: d, hiddenDim: h, latentDim: l } = dims;
  const sizes: Record<VaeLayer, [number, number]> = {
    enc_hidden: [d, h],
    z_mean: [h, l],
    z_log_var: [h, l],
    dec_hidden: [l, h],
    dec_out: [h, d],
  };
  const shapes = {} as Record<VaeParamName, number[]>;
  for (const layer of VAE_LAYERS) {
    shapes[`${layer}/kernel`] = sizes[layer];
    shapes[`${layer}/bias`] = [sizes[layer][1]];
  }
  return shapes;
}

/** The layer sizes of existing weights. */
export function vaeDimsOf(params: VaeParams): VaeDims {
  const [inputDim, hiddenDim] = params["enc_hidden/kernel"].shape;
  return { inputDim, hiddenDim, latentDim: params["z_mean/kernel"].shape[1] };
}

/**
 * Fresh weights: each kernel from tf.initializers.glorotUniform with its own seed derived
 * from `seed` and the weight's name (see lib/seeds.ts), so the same seed gives the same
 * bytes; biases zero. Throws a RangeError for a size that is not a positive integer.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { initVaeParams } from "./vae_params.ts";
 * const params = initVaeParams({ inputDim: 4, hiddenDim: 3, latentDim: 2, seed: 1 });
 * params["dec_out/kernel"].shape; // [3, 4]
 * tf.dispose(Object.values(params));
 * ```
 */
export function initVaeParams(options: VaeDims & { seed: number }): VaeParams {
  const shapes = vaeParamShapes(checkDims(options, "initVaeParams"));
  const params = {} as Record<VaeParamName, tf.Tensor>;
  for (const name of VAE_PARAM_NAMES) {
    params[name] = name.endsWith("/kernel")
      ? tf.initializers.glorotUniform({ seed: deriveSeed(options.seed, "init", name) }).apply(shapes[name])
      : tf.zeros(shapes[name]);
  }
  return params as VaeParams;
}

/**
 * Copies of the weights' values by name, for saving. The order of keys is
 * {@link VAE_PARAM_NAMES}.
 */
export function vaeParamsToArrays(params: VaeParams): Record<VaeParamName, Float32Array> {
  const arrays = {} as Record<VaeParamName, Float32Array>;
  for (const name of VAE_PARAM_NAMES) arrays[name] = params[name].dataSync() as Float32Array;
  return arrays;
}

/**
 * Weights rebuilt from arrays as written by {@link vaeParamsToArrays}. Throws a TypeError
 * when a weight is missing and a RangeError when its length does not fit `dims`; `where`
 * (a file name, say) starts the message.
 */
export function vaeParamsFromArrays(
  arrays: Readonly<Record<string, Float32Array>>,
  dims: VaeDims,
  where = "vaeParamsFromArrays",
): VaeParams {
  const shapes = vaeParamShapes(checkDims(dims, where));
  const params = {} as Record<VaeParamName, tf.Tensor>;
  for (const name of VAE_PARAM_NAMES) params[name] = tensorFromArray(arrays, name, shapes[name], where);
  return params as VaeParams;
}

/**
 * A float32 tensor of `shape` from `arrays[name]` (copied), checked. Shared with the
 * optimizer state's restore.
 */
export function tensorFromArray(
  arrays: Readonly<Record<string, Float32Array>>,
  name: string,
  shape: number[],
  where: string,
): tf.Tensor {
  const values = arrays[name];
  if (!(values instanceof Float32Array)) throw new TypeError(`${where}: weight ${name} is missing`);
  const expected = shape.reduce((a, b) => a * b, 1);
  if (values.length !== expected) {
    throw new RangeError(
      `${where}: weight ${name} has ${values.length} values, expected ${expected} for shape [${shape}]`,
    );
  }
  return tf.tensor(values, shape, "float32");
}

/** Frees every tensor of `params`. */
export function disposeVaeParams(params: VaeParams): void {
  tf.dispose(Object.values(params));
}

function checkDims<T extends VaeDims>(dims: T, where: string): T {
  for (const key of ["inputDim", "hiddenDim", "latentDim"] as const) {
    const value = dims[key];
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${where}: ${key} must be a positive integer, got ${value}`);
    }
  }
  return dims;
}
