/**
 * Adam as Keras (≥ 2.1.3) implements it, the "epsilon-hat" form: at update t (1-based)
 *   lr_t = lr · √(1 − β2ᵗ) / (1 − β1ᵗ)
 *   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
 *   p ← p − lr_t · m / (√v + ε),   ε = 1e−7 (Keras' K.epsilon()).
 * tfjs' own tf.train.adam uses the textbook form m̂ / (√v̂ + ε) with bias-corrected
 * moments, which differs from this where v is tiny. The moments stay tensors; the step
 * count t is part of the state, so a restored state continues bit for bit.
 */
import * as tf from "@tensorflow/tfjs";

/** Adam's hyper-parameters. */
export interface AdamConfig {
  /** Base learning rate lr; Keras' default 0.001. */
  learningRate: number;
  /** Decay of the first moment; 0.9. */
  beta1: number;
  /** Decay of the second moment; 0.999. */
  beta2: number;
  /** ε added to √v; Keras' K.epsilon() = 1e−7. */
  epsilon: number;
}

/** Keras' Adam() defaults. */
export const KERAS_ADAM: Readonly<AdamConfig> = {
  learningRate: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-7,
};

/** Moments of every parameter, by name, and the number of updates taken. */
export interface AdamState<K extends string> {
  /** Updates taken so far; the next one is number step + 1. */
  step: number;
  m: Record<K, tf.Tensor>;
  v: Record<K, tf.Tensor>;
}

/**
 * lr_t of update number `t` (1-based), in double precision.
 *
 * @example
 * ```ts
 * import { adamStepSize, KERAS_ADAM } from "./adam.ts";
 * adamStepSize(KERAS_ADAM, 1); // 0.001 · √0.001 / 0.1 ≈ 3.16e-4
 * ```
 */
export function adamStepSize(config: AdamConfig, t: number): number {
  return config.learningRate * Math.sqrt(1 - config.beta2 ** t) / (1 - config.beta1 ** t);
}

/** Zero moments shaped like `params`, step 0. */
export function initAdamState<K extends string>(params: Record<K, tf.Tensor>): AdamState<K> {
  const m = {} as Record<K, tf.Tensor>;
  const v = {} as Record<K, tf.Tensor>;
  for (const name of Object.keys(params) as K[]) {
    m[name] = tf.zerosLike(params[name]);
    v[name] = tf.zerosLike(params[name]);
  }
  return { step: 0, m, v };
}

/**
 * One Adam update of every parameter of `params` with `grads`: returns new parameters and
 * a new state (step + 1). The inputs are left as they are; the caller disposes them.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { applyAdam, initAdamState, KERAS_ADAM } from "./adam.ts";
 * const params = { w: tf.tensor1d([1]) };
 * const next = applyAdam(params, { w: tf.tensor1d([0.5]) }, initAdamState(params), KERAS_ADAM);
 * next.params.w.dataSync()[0]; // 1 − 0.001 (the first step moves each weight by ≈ lr)
 * ```
 */
export function applyAdam<K extends string>(
  params: Record<K, tf.Tensor>,
  grads: Record<K, tf.Tensor>,
  state: AdamState<K>,
  config: AdamConfig,
): { params: Record<K, tf.Tensor>; state: AdamState<K> } {
  const step = state.step + 1;
  const stepSize = adamStepSize(config, step);
  const { beta1, beta2, epsilon } = config;
  const nextParams = {} as Record<K, tf.Tensor>;
  const m = {} as Record<K, tf.Tensor>;
  const v = {} as Record<K, tf.Tensor>;
  for (const name of Object.keys(params) as K[]) {
    const g = grads[name];
    [nextParams[name], m[name], v[name]] = tf.tidy(() => {
      const mNext = tf.add(tf.mul(state.m[name], beta1), tf.mul(g, 1 - beta1));
      const vNext = tf.add(tf.mul(state.v[name], beta2), tf.mul(tf.square(g), 1 - beta2));
      const delta = tf.mul(tf.div(mNext, tf.add(tf.sqrt(vNext), epsilon)), stepSize);
      return [tf.sub(params[name], delta), mNext, vNext];
    });
  }
  return { params: nextParams, state: { step, m, v } };
}
