/**
 * The exported decoder's forward pass (Dense layers: relu, sigmoid or linear) in plain loops
 * over float32 arrays, summing and rounding where tfjs' "cpu" backend does, so it gives
 * `model.predict(z)`'s floats bit for bit.
 *
 * Why: the explorer decodes 49 rows for a new digit (decoder(z_mean), the 32 one-σ steps, the
 * K = 16 passes) and the running mean up to 1,000 more, and in the cpu backend's batchMatMul
 * each product walks the kernel down a column with index arithmetic per element, and its
 * bias add, which broadcasts, builds index arrays per element. The loops here read a
 * transposed copy of each kernel row by row. tfjs' batchMatMul (tfjs-backend-cpu 4.22)
 * computes an output element as: for each block of 48 inputs in order, a float64 sum of
 * the products in order, added to the float32 result; the bias add and the activations
 * compute in float64 and store into float32 (`Math.fround` here); relu is Math.max(0, v) and
 * sigmoid 1 / (1 + exp(−v)).
 */
import type * as tf from "@tensorflow/tfjs";

/** tfjs' cpu backend's block size in batchMatMul (backend.blockSize). */
const BLOCK = 48;

/** One Dense layer, its kernel transposed: `outputs` rows of `inputs` values. */
interface DenseLayer {
  inputs: number;
  outputs: number;
  kernelT: Float32Array;
  bias: Float32Array;
  activation: (v: number) => number;
}

const ACTIVATIONS: Record<string, (v: number) => number> = {
  relu: (v) => Math.max(0, v),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  linear: (v) => v,
};

/** A stack of Dense layers that maps rows of `inputs` values to rows of `outputs` values. */
export interface DenseForward {
  inputs: number;
  outputs: number;
  /** The outputs of the rows of `x` (back to back, `inputs` values each). */
  run(x: Float32Array): Float32Array;
}

/**
 * The forward pass of `model`, a stack of Dense layers with a bias each (the exported
 * decoder); a RangeError names the first layer it cannot take.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as tf from "@tensorflow/tfjs";
 * import { denseForward } from "./dense_forward.ts";
 * await tf.setBackend("cpu");
 * const model = tf.sequential({
 *   layers: [tf.layers.dense({ inputShape: [3], units: 5, activation: "relu" }), tf.layers.dense({ units: 2 })],
 * });
 * const x = Float32Array.of(0.1, -2, 3, 4, 0.5, -0.6);
 * const expected = (model.predict(tf.tensor2d(x, [2, 3])) as tf.Tensor).dataSync();
 * assert.deepEqual(denseForward(model).run(x), expected);
 * ```
 */
export function denseForward(model: tf.LayersModel): DenseForward {
  const layers: DenseLayer[] = [];
  for (const layer of model.layers) {
    if (layer.getClassName() === "InputLayer") continue;
    const config = layer.getConfig();
    const activation = ACTIVATIONS[String(config.activation)];
    const weights = layer.getWeights();
    if (layer.getClassName() !== "Dense" || !activation || weights.length !== 2) {
      throw new RangeError(
        `denseForward: layer ${layer.name} is ${layer.getClassName()} (activation ${config.activation}, ` +
          `${weights.length} weights); expected Dense with a bias and relu, sigmoid or linear`,
      );
    }
    const [inputs, outputs] = weights[0]!.shape as [number, number];
    const kernel = weights[0]!.dataSync() as Float32Array;
    const kernelT = new Float32Array(inputs * outputs);
    for (let k = 0; k < inputs; k++) {
      for (let j = 0; j < outputs; j++) kernelT[j * inputs + k] = kernel[k * outputs + j]!;
    }
    layers.push({ inputs, outputs, kernelT, bias: weights[1]!.dataSync() as Float32Array, activation });
  }
  if (!layers.length) throw new RangeError(`denseForward: model ${model.name} has no Dense layer`);
  return {
    inputs: layers[0]!.inputs,
    outputs: layers.at(-1)!.outputs,
    run: (x) => layers.reduce((values, layer) => dense(layer, values), x),
  };
}

/** One layer on rows of `x`. */
function dense(layer: DenseLayer, x: Float32Array): Float32Array {
  const { inputs, outputs, kernelT, bias, activation } = layer;
  const rows = Math.floor(x.length / inputs);
  const y = new Float32Array(rows * outputs);
  const f32 = Math.fround;
  for (let i = 0; i < rows; i++) {
    const a = i * inputs;
    let j = 0;
    // Four outputs at a time, each summed in its own order (one load of x[k] for four products).
    for (; j + 4 <= outputs; j += 4) {
      const b0 = j * inputs, b1 = b0 + inputs, b2 = b1 + inputs, b3 = b2 + inputs;
      let r0 = 0, r1 = 0, r2 = 0, r3 = 0;
      for (let k0 = 0; k0 < inputs; k0 += BLOCK) {
        const end = Math.min(k0 + BLOCK, inputs);
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let k = k0; k < end; k++) {
          const v = x[a + k]!;
          s0 += v * kernelT[b0 + k]!;
          s1 += v * kernelT[b1 + k]!;
          s2 += v * kernelT[b2 + k]!;
          s3 += v * kernelT[b3 + k]!;
        }
        r0 = f32(r0 + s0);
        r1 = f32(r1 + s1);
        r2 = f32(r2 + s2);
        r3 = f32(r3 + s3);
      }
      const o = i * outputs + j;
      y[o] = activation(f32(r0 + bias[j]!));
      y[o + 1] = activation(f32(r1 + bias[j + 1]!));
      y[o + 2] = activation(f32(r2 + bias[j + 2]!));
      y[o + 3] = activation(f32(r3 + bias[j + 3]!));
    }
    for (; j < outputs; j++) {
      const b = j * inputs;
      let result = 0;
      for (let k0 = 0; k0 < inputs; k0 += BLOCK) {
        const end = Math.min(k0 + BLOCK, inputs);
        let sum = 0;
        for (let k = k0; k < end; k++) sum += x[a + k]! * kernelT[b + k]!;
        result = f32(result + sum);
      }
      y[i * outputs + j] = activation(f32(result + bias[j]!));
    }
  }
  return y;
}
