/**
 * Adam as Keras (≥ 2.1.3) implements it, the "epsilon-hat" form:
 * lr_t = lr · √(1 − β2ᵗ) / (1 − β1ᵗ); m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²;
 * p ← p − lr_t · m / (√v + ε), with ε = 1e−7 (Keras' K.epsilon()). tfjs' own AdamOptimizer
 * uses the textbook form (bias-corrected m̂ / (√v̂ + ε)), which differs where v is tiny.
 */
import * as tf from "@tensorflow/tfjs";

/** Keras' Adam defaults. */
export const ADAM_DEFAULTS = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;

/** Adam's moments of every parameter, and the number of updates so far. */
export interface AdamState<K extends string> {
  step: number;
  m: Record<K, tf.Tensor>;
  v: Record<K, tf.Tensor>;
}

/** The step size of update number `t` (1-based), computed in double precision. */
export function adamStepSize(lr: number, t: number): number {
  return (lr * Math.sqrt(1 - ADAM_DEFAULTS.beta2 ** t)) / (1 - ADAM_DEFAULTS.beta1 ** t);
}

/** Zero moments shaped like `params`, step 0. */
export function initAdamState<K extends string>(params: Record<K, tf.Tensor>): AdamState<K> {
  const m = {} as Record<K, tf.Tensor>;
  const v = {} as Record<K, tf.Tensor>;
  for (const name of Object.keys(params) as K[]) {
    m[name] = tf.keep(tf.zerosLike(params[name]));
    v[name] = tf.keep(tf.zerosLike(params[name]));
  }
  return { step: 0, m, v };
}

/**
 * One Adam update of every parameter with learning rate `lr`: returns new parameters and a
 * new state (step + 1), kept out of any surrounding tf.tidy(). The inputs are left as they
 * are; the caller disposes them. The native engine runs the same float32 steps in one C pass
 * (adam_inplace_f32 in lib/core/native/kernels.c).
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { applyAdam, initAdamState } from "./adam_keras.ts";
 * const params = { w: tf.tensor1d([1]) };
 * const next = applyAdam(params, { w: tf.tensor1d([0.5]) }, initAdamState(params), 0.001);
 * next.params.w.dataSync()[0]; // ≈ 0.999: the first step moves each weight by ≈ lr
 * ```
 */
export function applyAdam<K extends string>(
  params: Record<K, tf.Tensor>,
  grads: Record<K, tf.Tensor>,
  state: AdamState<K>,
  lr: number,
): { params: Record<K, tf.Tensor>; state: AdamState<K> } {
  const step = state.step + 1;
  const { beta1, beta2, epsilon } = ADAM_DEFAULTS;
  // The constants as tensors made once per update, not once per parameter and op (same values).
  const constants = [beta1, 1 - beta1, beta2, 1 - beta2, epsilon, adamStepSize(lr, step)].map((c) =>
    tf.scalar(c)
  );
  const [b1, c1, b2, c2, eps, size] = constants as tf.Scalar[];
  const nextParams = {} as Record<K, tf.Tensor>;
  const m = {} as Record<K, tf.Tensor>;
  const v = {} as Record<K, tf.Tensor>;
  for (const name of Object.keys(params) as K[]) {
    const [next, mNext, vNext] = tf.tidy(() => {
      const mNext = tf.add(tf.mul(state.m[name], b1!), tf.mul(grads[name], c1!));
      const vNext = tf.add(tf.mul(state.v[name], b2!), tf.mul(tf.square(grads[name]), c2!));
      const next = tf.sub(params[name], tf.mul(tf.div(mNext, tf.add(tf.sqrt(vNext), eps!)), size!));
      return [next, mNext, vNext];
    });
    nextParams[name] = tf.keep(next!);
    m[name] = tf.keep(mNext!);
    v[name] = tf.keep(vNext!);
  }
  tf.dispose(constants);
  return { params: nextParams, state: { step, m, v } };
}
