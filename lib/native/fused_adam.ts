/**
 * The native engine's Adam update: the same Keras Adam as lib/train/adam_keras.ts, as one
 * vectorised C loop per parameter (lib/native/kernels.c) over the tensors' bytes in the wasm
 * heap, instead of a dozen wasm ops that each allocate and walk a full-size tensor. The
 * float32 operations are the wasm path's, in its order, so from the same inputs it gives the
 * same bytes.
 */
import * as tf from "@tensorflow/tfjs";
import { ADAM_DEFAULTS, type AdamState, adamStepSize } from "../train/adam_keras.ts";
import { adamKernel } from "./native_kernels.ts";

/**
 * One Adam update of every parameter with learning rate `lr`, as
 * {@link import("../train/adam_keras.ts").applyAdam} (new tensors, inputs left as they are),
 * on the wasm backend.
 */
export function applyAdamFused<K extends string>(
  params: Record<K, tf.Tensor>,
  grads: Record<K, tf.Tensor>,
  state: AdamState<K>,
  lr: number,
): { params: Record<K, tf.Tensor>; state: AdamState<K> } {
  const step = state.step + 1;
  const { beta1, beta2, epsilon } = ADAM_DEFAULTS;
  const constants = {
    b1: beta1,
    c1: 1 - beta1,
    b2: beta2,
    c2: 1 - beta2,
    eps: epsilon,
    size: adamStepSize(lr, step),
  };
  const nextParams = {} as Record<K, tf.Tensor>;
  const m = {} as Record<K, tf.Tensor>;
  const v = {} as Record<K, tf.Tensor>;
  for (const name of Object.keys(params) as K[]) {
    const outs = adamKernel(params[name], grads[name], state.m[name], state.v[name], constants);
    [nextParams[name], m[name], v[name]] = outs.map((t) => tf.keep(t)) as [tf.Tensor, tf.Tensor, tf.Tensor];
  }
  return { params: nextParams, state: { step, m, v } };
}
