/**
 * The compute engine, a param of train and evaluate: "wasm" runs everything on
 * tfjs-backend-wasm (XNNPACK, SIMD), whose float32 arithmetic is the same on every machine;
 * "native" sends every matrix product to Debian's OpenBLAS through FFI
 * (lib/native/native_matmul.ts) and the heaviest element-wise work — Adam, the dense layers'
 * bias and relu, sigmoid, the evaluation's clipped BCE — to C kernels built with Debian's gcc
 * (lib/native/kernels.c), on the same backend; the evaluation's passes run as a loop of sgemm
 * and C calls on plain arrays (lib/evaluate/native_passes.ts). Native bytes are the same only for the
 * same OpenBLAS build, CPU kernel and thread count, which the manifest records.
 */
import * as tf from "@tensorflow/tfjs";
import { openBlas, type OpenBlasInfo, openBlasPath } from "../native/openblas.ts";
import { useNativeMatMul, useWasmMatMul } from "../native/native_matmul.ts";
import { type KernelsInfo, loadKernels } from "../native/native_kernels.ts";

/** The engines a stage may ask for. */
export const ENGINES = ["wasm", "native"] as const;
/** One of {@link ENGINES}. */
export type EngineName = typeof ENGINES[number];

/**
 * OpenBLAS threads of a native train: one. The training step (lib/native/train_step.c) uses the
 * cores itself, cutting every phase into two fixed parts run by its own --workers threads, each
 * calling sgemm on one OpenBLAS thread: no second thread pool to fight with, and the same bytes
 * whatever the number of threads.
 */
export const NATIVE_TRAIN_BLAS_THREADS = 1;
/**
 * OpenBLAS threads of each native evaluation worker: one, so that --workers workers use the
 * cores without oversubscribing them; a chunk's bytes then do not depend on --workers.
 */
export const NATIVE_EVALUATE_BLAS_THREADS = 1;

/** What a manifest records about the engine a stage ran on. */
export interface EngineEnv {
  engine: EngineName;
  /** The OpenBLAS build, CPU kernel and threads behind `native`. */
  openblas?: OpenBlasInfo;
  /** The compiler and flags of `native`'s C kernels. */
  kernels?: KernelsInfo;
}

let current: EngineName = "wasm";

/** The engine this thread's tfjs runs on (set by {@link useEngine}; "wasm" until then). */
export function currentEngine(): EngineName {
  return current;
}

/**
 * Makes `engine` the engine of this thread's tfjs (the wasm backend must be set), with
 * `blasThreads` OpenBLAS threads (process-wide) for `native`; returns what the manifest
 * records. `native` throws one line naming the library (or compiler) and the package when
 * OpenBLAS cannot be loaded or the kernels cannot be built; it never falls back to `wasm`.
 */
export async function useEngine(engine: EngineName, blasThreads = 1): Promise<EngineEnv> {
  if (!ENGINES.includes(engine)) {
    throw new RangeError(`unknown engine ${engine} (expected ${ENGINES.join(" or ")})`);
  }
  if (!Number.isInteger(blasThreads) || blasThreads < 1) {
    throw new RangeError(`OpenBLAS threads ${blasThreads}: expected an integer ≥ 1`);
  }
  if (engine === "wasm") {
    useWasmMatMul();
    current = engine;
    return { engine };
  }
  if (tf.getBackend() !== "wasm") {
    throw new RangeError(`--engine native runs on --backend wasm (got ${tf.getBackend()})`);
  }
  const blas = openBlas(openBlasPath());
  const kernels = await loadKernels();
  blas.setThreads(blasThreads);
  useNativeMatMul(blas);
  current = engine;
  return { engine, openblas: blas.info(), kernels };
}
