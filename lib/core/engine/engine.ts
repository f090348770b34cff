/**
 * The compute engine, a param of train and evaluate, as a value a stage is given through its
 * context (lib/core/cli/stage.ts) and passes on: "wasm" runs everything on
 * tfjs-backend-wasm (XNNPACK, SIMD), whose float32 arithmetic is the same on every machine;
 * "native" puts Debian's OpenBLAS behind tfjs' matrix products (lib/core/native/native_matmul.ts) and
 * C kernels built with Debian's gcc (lib/core/native/kernels.c) behind the heaviest element-wise work,
 * and trains and evaluates with loops of sgemm and C calls on plain arrays
 * (lib/core/native/train_step.c, lib/stages/evaluate/native_passes.ts). Native bytes are the same only for
 * the same OpenBLAS build and CPU kernel, and the same kernels' compiler, target and C library,
 * which the manifest records. No module keeps a current engine: whoever computes is handed one.
 */
import type * as tf from "@tensorflow/tfjs";
import { clippedBce, KERAS_CLIP } from "../model/elbo_loss.ts";
import { openBlas, type OpenBlasInfo, openBlasPath } from "../native/openblas.ts";
import { useNativeMatMul, useWasmMatMul } from "../native/native_matmul.ts";
import { clippedBceKernel, type KernelsInfo, loadKernels } from "../native/native_kernels.ts";
import { wasmBackend } from "../native/wasm_heap.ts";

/** The engines a stage may ask for. */
export const ENGINES = ["wasm", "native"] as const;
/** One of {@link ENGINES}. */
export type EngineName = typeof ENGINES[number];

/**
 * OpenBLAS threads of the native engine: one. Its training step (lib/core/native/train_step.c) and its
 * evaluation workers use the cores themselves, each calling sgemm on one OpenBLAS thread: no
 * second thread pool to fight with, and bytes that do not depend on --workers.
 */
export const NATIVE_BLAS_THREADS = 1;

/** What a manifest records about the engine a stage ran on. */
export interface EngineEnv {
  engine: EngineName;
  /** The OpenBLAS build, CPU kernel and threads behind `native`. */
  openblas?: OpenBlasInfo;
  /** The compiler, flags and object of `native`'s C kernels. */
  kernels?: KernelsInfo;
}

/** An engine: what a stage computes with. */
export interface Engine {
  readonly name: EngineName;
  /**
   * Loads what the engine computes with (native: OpenBLAS, its threads set, and the C kernels)
   * and puts its kernels behind tfjs' on this thread's wasm backend (wasm: tfjs' own); returns
   * what the manifest records. Native throws one line naming the library (or compiler) and the
   * package when OpenBLAS cannot be loaded or the kernels cannot be built; it never falls back
   * to wasm.
   */
  activate(): Promise<EngineEnv>;
  /** Σ over pixels of Keras' clipped BCE(x, p), per image (lib/core/model/elbo_loss.ts); after activate(). */
  clippedBce(x: tf.Tensor2D, p: tf.Tensor): tf.Tensor1D;
  /** Native: the OpenBLAS library activate() loads, for the training step and the pass loop. */
  readonly blasPath?: string;
}

/**
 * The engine called `name`; nothing is loaded until {@link Engine.activate}.
 *
 * @example
 * ```ts
 * import { engineNamed } from "./engine.ts";
 * engineNamed("native").blasPath; // "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0"
 * ```
 */
export function engineNamed(name: EngineName): Engine {
  if (!ENGINES.includes(name)) {
    throw new RangeError(`unknown engine ${name} (expected ${ENGINES.join(" or ")})`);
  }
  if (name === "wasm") {
    return {
      name,
      activate() {
        useWasmMatMul();
        return Promise.resolve({ engine: name });
      },
      clippedBce,
    };
  }
  const blasPath = openBlasPath();
  return {
    name,
    blasPath,
    async activate() {
      try {
        wasmBackend();
      } catch {
        throw new RangeError("--engine native runs on --backend wasm");
      }
      const blas = openBlas(blasPath);
      const kernels = await loadKernels();
      blas.setThreads(NATIVE_BLAS_THREADS);
      useNativeMatMul(blas);
      return { engine: name, openblas: blas.info(), kernels };
    },
    clippedBce: (x, p) => clippedBceKernel(x, p, KERAS_CLIP),
  };
}
