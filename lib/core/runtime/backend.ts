/**
 * Choosing the TensorFlow.js backend. "wasm" (SIMD + XNNPACK, single-threaded under Deno)
 * is ~20× faster than the pure-JS "cpu" backend for this model.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

/** The backends a stage may ask for. */
export const BACKENDS = ["wasm", "cpu"] as const;
/** One of {@link BACKENDS}. */
export type BackendName = typeof BACKENDS[number];

/** Sets and initialises `name`; returns what tfjs reports for the manifest's env. */
export async function useBackend(name: BackendName): Promise<{ backend: string; tfjs: string }> {
  if (!(await tf.setBackend(name))) throw new Error(`tfjs backend ${name} failed to initialise`);
  await tf.ready();
  return { backend: tf.getBackend(), tfjs: tf.version.tfjs };
}
