/**
 * The native engine's Adam update: the same Keras Adam as lib/train/adam_keras.ts, as one
 * loop per parameter over the tensors' bytes in the wasm heap instead of a dozen wasm ops
 * that each allocate and walk a full-size tensor. Arithmetic in double precision, each
 * result rounded to float32 once, so values differ from the wasm path's in the last bits.
 */
import * as tf from "@tensorflow/tfjs";
import { ADAM_DEFAULTS, type AdamState, adamStepSize } from "../train/adam_keras.ts";
import { heapFloats, newHeapTensor, wasmBackend } from "./wasm_heap.ts";

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
  const backend = wasmBackend();
  const step = state.step + 1;
  const { beta1, beta2, epsilon } = ADAM_DEFAULTS;
  const size = adamStepSize(lr, step);
  const nextParams = {} as Record<K, tf.Tensor>;
  const m = {} as Record<K, tf.Tensor>;
  const v = {} as Record<K, tf.Tensor>;
  for (const name of Object.keys(params) as K[]) {
    const shape = params[name].shape;
    const n = params[name].size;
    const outs = [
      newHeapTensor(backend, shape),
      newHeapTensor(backend, shape),
      newHeapTensor(backend, shape),
    ];
    // Views taken after every allocation (which may grow the heap).
    const [p1, m1, v1] = outs.map((t) => heapFloats(backend, t, n)) as [
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    const p0 = heapFloats(backend, params[name], n);
    const g = heapFloats(backend, grads[name], n);
    const m0 = heapFloats(backend, state.m[name], n);
    const v0 = heapFloats(backend, state.v[name], n);
    for (let i = 0; i < n; i++) {
      const gi = g[i]!;
      const mi = beta1 * m0[i]! + (1 - beta1) * gi;
      const vi = beta2 * v0[i]! + (1 - beta2) * gi * gi;
      m1[i] = mi;
      v1[i] = vi;
      p1[i] = p0[i]! - size * (mi / (Math.sqrt(vi) + epsilon));
    }
    [nextParams[name], m[name], v[name]] = outs.map((t) => tf.keep(t)) as [tf.Tensor, tf.Tensor, tf.Tensor];
  }
  return { params: nextParams, state: { step, m, v } };
}
