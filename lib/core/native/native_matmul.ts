/**
 * The native engine's matrix products: tfjs-backend-wasm's BatchMatMul and _FusedMatMul
 * kernels replaced by OpenBLAS' sgemm, called through FFI on the tensors' own bytes in the
 * wasm heap (no copies). Transposed operands go to sgemm as such, where the wasm kernel would
 * run a naive loop (~1.5 GFLOPS). The fused kernel's bias and relu run in C on sgemm's output
 * (other activations in JS), and Sigmoid is replaced by the C kernel's too
 * (lib/core/native/kernels.c). Everything else stays on the wasm backend.
 */
import * as tf from "@tensorflow/tfjs";
import type { OpenBlas } from "./openblas.ts";
import { assertLiveViews, heapFloats as floats, onHeap, type WasmBackend } from "./wasm_heap.ts";
import { biasReluInPlace, sigmoidInto } from "./native_kernels.ts";

const KERNELS = ["BatchMatMul", "_FusedMatMul", "Sigmoid"] as const;
/** The wasm backend's own kernels, kept to put back. */
const wasmKernels = new Map<string, tf.KernelConfig>();

/** a·b (with transposes) for rank-≥2 float32 tensors, batch dims broadcast; sgemm per batch. */
function matMul(
  blas: OpenBlas,
  backend: WasmBackend,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transA: boolean,
  transB: boolean,
): { out: tf.TensorInfo; values: Float32Array; n: number } {
  if (a.dtype !== "float32" || b.dtype !== "float32") {
    throw new TypeError(`--engine native: matMul of ${a.dtype} and ${b.dtype}; only float32 is supported`);
  }
  const [ra, rb] = [a.shape.length, b.shape.length];
  const m = a.shape[transA ? ra - 1 : ra - 2]!;
  const k = a.shape[transA ? ra - 2 : ra - 1]!;
  const n = b.shape[transB ? rb - 2 : rb - 1]!;
  const kb = b.shape[transB ? rb - 1 : rb - 2]!;
  if (k !== kb) {
    throw new RangeError(`matMul: inner shapes ${k} and ${kb} of [${a.shape}] and [${b.shape}] differ`);
  }
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batches = outer.reduce((p, d) => p * d, 1);
  const [batchA, batchB] = [a, b].map((t) => t.shape.slice(0, -2).reduce((p, d) => p * d, 1));
  if ((batchA !== batches && batchA !== 1) || (batchB !== batches && batchB !== 1)) {
    throw new RangeError(
      `--engine native: matMul batch shapes of [${a.shape}] and [${b.shape}] are not supported`,
    );
  }
  onHeap(backend, a, b);
  const out = backend.makeOutput([...outer, m, n], "float32");
  // Views only after the last allocation (the output's), which may have grown the heap.
  const values = floats(backend, out, batches * m * n);
  if (values.length === 0) return { out, values, n };
  if (k === 0) {
    values.fill(0);
    return { out, values, n };
  }
  const av = floats(backend, a, batchA * m * k);
  const bv = floats(backend, b, batchB * k * n);
  assertLiveViews(backend, values, av, bv);
  for (let i = 0; i < batches; i++) {
    const ai = batchA === 1 ? 0 : i;
    const bi = batchB === 1 ? 0 : i;
    blas.sgemm(
      transA,
      transB,
      m,
      n,
      k,
      av.subarray(ai * m * k, (ai + 1) * m * k),
      bv.subarray(bi * k * n, (bi + 1) * k * n),
      values.subarray(i * m * n, (i + 1) * m * n),
    );
  }
  return { out, values, n };
}

type Activation = (x: number, column: number) => number;

function activationOf(
  name: string,
  leakyAlpha: number,
  prelu: Float32Array | undefined,
): Activation | undefined {
  switch (name) {
    case "linear":
      return undefined;
    case "relu":
      return (x) => (x > 0 ? x : 0);
    case "relu6":
      return (x) => Math.min(Math.max(x, 0), 6);
    case "leakyrelu":
      return (x) => (x < 0 ? leakyAlpha * x : x);
    case "elu":
      return (x) => (x < 0 ? Math.expm1(x) : x);
    case "sigmoid":
      return (x) => 1 / (1 + Math.exp(-x));
    case "prelu":
      return (x, j) => (x < 0 ? prelu![prelu!.length === 1 ? 0 : j]! * x : x);
  }
  throw new RangeError(`--engine native: fused activation '${name}' is not supported`);
}

/**
 * Puts OpenBLAS' sgemm behind tfjs' matrix products on the wasm backend (tf.matMul,
 * tf.fused.matMul, Dense layers), and the C kernel's sigmoid (vectorised exp) behind tf.sigmoid,
 * the decoder's output layer.
 */
export function useNativeMatMul(blas: OpenBlas): void {
  if (tf.getBackend() !== "wasm") {
    throw new Error(`--engine native runs on the wasm backend (now ${tf.getBackend()})`);
  }
  for (const name of KERNELS) {
    if (!wasmKernels.has(name)) wasmKernels.set(name, tf.getKernel(name, "wasm")!);
    tf.unregisterKernel(name, "wasm");
  }
  tf.registerKernel({
    kernelName: "Sigmoid",
    backendName: "wasm",
    kernelFunc: ({ inputs, backend: anyBackend }) => {
      const backend = anyBackend as unknown as WasmBackend;
      const x = inputs.x!;
      if (x.dtype !== "float32") {
        throw new TypeError(`--engine native: sigmoid of ${x.dtype}; only float32 is supported`);
      }
      onHeap(backend, x);
      const out = backend.makeOutput([...x.shape], "float32");
      const size = x.shape.reduce((p, d) => p * d, 1);
      const [xv, ov] = [floats(backend, x, size), floats(backend, out, size)];
      assertLiveViews(backend, xv, ov);
      sigmoidInto(xv, ov);
      return out;
    },
  });
  tf.registerKernel({
    kernelName: "BatchMatMul",
    backendName: "wasm",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
      return matMul(blas, backend as unknown as WasmBackend, inputs.a!, inputs.b!, transposeA, transposeB)
        .out;
    },
  });
  tf.registerKernel({
    kernelName: "_FusedMatMul",
    backendName: "wasm",
    kernelFunc: ({ inputs, backend: anyBackend, attrs }) => {
      const backend = anyBackend as unknown as WasmBackend;
      const { transposeA, transposeB, activation, leakyreluAlpha } = attrs as {
        transposeA: boolean;
        transposeB: boolean;
        activation: string;
        leakyreluAlpha?: number;
      };
      const { a, b, bias, preluActivationWeights: preluWeights } = inputs;
      // Bias and prelu weights on the heap before the product allocates its output.
      onHeap(backend, bias, preluWeights);
      const { out, values, n } = matMul(blas, backend, a!, b!, transposeA, transposeB);
      const rowVector = (t: tf.TensorInfo | undefined, what: string) => {
        if (t === undefined) return undefined;
        const size = t.shape.reduce((p, d) => p * d, 1);
        if (size !== n && size !== 1) {
          throw new RangeError(
            `--engine native: fused matMul ${what} of shape [${t.shape}] (only [${n}] or a scalar)`,
          );
        }
        return floats(backend, t, size);
      };
      const biasValues = rowVector(bias, "bias");
      assertLiveViews(backend, values, biasValues);
      if ((activation === "linear" || activation === "relu") && biasValues?.length !== 1) {
        // The common case (every Dense layer of the VAE) in C (lib/core/native/kernels.c).
        biasReluInPlace(values, n, biasValues, activation === "relu");
        return out;
      }
      const activate = activationOf(
        activation,
        leakyreluAlpha ?? 0,
        rowVector(preluWeights, "prelu weights"),
      );
      if (biasValues === undefined && activate === undefined) return out;
      const broadcast = biasValues?.length === 1;
      for (let i = 0; i < values.length; i += n) {
        for (let j = 0; j < n; j++) {
          let v = values[i + j]!;
          if (biasValues !== undefined) v += biasValues[broadcast ? 0 : j]!;
          values[i + j] = activate === undefined ? v : activate(v, j);
        }
      }
      return out;
    },
  });
}

/** Puts the wasm backend's own matrix-product kernels back (a no-op when they were never replaced). */
export function useWasmMatMul(): void {
  for (const [name, config] of wasmKernels) {
    tf.unregisterKernel(name, "wasm");
    tf.registerKernel(config);
  }
  wasmKernels.clear();
}
