/**
 * Choosing the TensorFlow.js backend. "wasm" (SIMD + XNNPACK; single-threaded here, since
 * tfjs disables wasm threads when it detects Node-style globals, as under Deno) is ~20×
 * faster than the pure-JS "cpu" backend for this model. Results are byte-reproducible
 * for a given backend, not across backends.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

/** The backends a stage may ask for. */
export const BACKEND_NAMES = ["wasm", "cpu"] as const;
/** One of {@link BACKEND_NAMES}. */
export type BackendName = typeof BACKEND_NAMES[number];

/** What tfjs ended up running on, for manifests and logs. */
export interface BackendInfo {
  /** tf.getBackend() after initialisation. */
  backend: string;
  /** tfjs version, e.g. "4.22.0". */
  tfjs: string;
  /** Whether the wasm build with SIMD was loaded (false on cpu). */
  wasmSimd: boolean;
  /** Whether the multi-threaded wasm build was loaded (false on cpu). */
  wasmThreads: boolean;
}

let current: BackendInfo | undefined;

/**
 * Sets backend `name`, awaits tf.ready() and records the result (see {@link backendInfo}).
 * Throws a RangeError for an unknown name and an Error when tfjs cannot start it.
 *
 * @example
 * ```ts
 * import { useBackend } from "./tf_backend.ts";
 * const info = await useBackend("cpu");
 * info.backend; // "cpu"
 * ```
 */
export async function useBackend(name: BackendName): Promise<BackendInfo> {
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) {
    throw new RangeError(
      `useBackend: unknown backend "${name}", expected one of ${BACKEND_NAMES.join(", ")}`,
    );
  }
  if (!(await tf.setBackend(name))) {
    throw new Error(`useBackend: tfjs backend "${name}" failed to initialise`);
  }
  await tf.ready();
  const isWasm = tf.getBackend() === "wasm";
  current = {
    backend: tf.getBackend(),
    tfjs: tf.version.tfjs,
    wasmSimd: isWasm && (await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")) === true,
    wasmThreads: isWasm && (await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT")) === true,
  };
  return current;
}

/** What the last {@link useBackend} call ended up with; undefined before the first call. */
export function backendInfo(): BackendInfo | undefined {
  return current;
}
