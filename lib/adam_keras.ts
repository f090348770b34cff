/**
 * Adam as Keras (≥ 2.1.3) implements it, the "epsilon-hat" form:
 * lr_t = lr · √(1 − β2ᵗ) / (1 − β1ᵗ); m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²;
 * p ← p − lr_t · m / (√v + ε), with ε = 1e−7 (Keras' K.epsilon()). tfjs' own AdamOptimizer
 * uses the textbook form (bias-corrected m̂ / (√v̂ + ε)), which differs where v is tiny.
 */
import * as tf from "@tensorflow/tfjs";

/** Keras' Adam defaults. */
export const ADAM_DEFAULTS = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;

/** Moments of one parameter tensor. */
export interface Moments {
  m: tf.Tensor;
  v: tf.Tensor;
}

/** The step size of update number `t` (1-based), computed in double precision. */
export function adamStepSize(lr: number, t: number): number {
  return (lr * Math.sqrt(1 - ADAM_DEFAULTS.beta2 ** t)) / (1 - ADAM_DEFAULTS.beta1 ** t);
}

/**
 * One Adam update of `param` with gradient `grad`; returns the new param and moments
 * (the caller disposes the old ones). `stepSize` comes from {@link adamStepSize}.
 */
export function adamUpdate<T extends tf.Tensor>(
  param: T,
  grad: tf.Tensor,
  moments: Moments,
  stepSize: number,
): { param: T; moments: Moments } {
  return tf.tidy(() => {
    const { beta1, beta2, epsilon } = ADAM_DEFAULTS;
    const m = tf.add(tf.mul(moments.m, beta1), tf.mul(grad, 1 - beta1));
    const v = tf.add(tf.mul(moments.v, beta2), tf.mul(tf.square(grad), 1 - beta2));
    const next = tf.sub(param, tf.mul(tf.div(m, tf.add(tf.sqrt(v), epsilon)), stepSize)) as T;
    return { param: next, moments: { m, v } };
  });
}
