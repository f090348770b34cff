/**
 * The native engine's element-wise kernels (lib/core/native/kernels.c, declared in kernels.h): built
 * and cached by lib/core/native/kernel_cache.ts, loaded through Deno FFI (lib/core/native/kernel_signatures.ts), and run on the tensors' bytes in the
 * wasm heap. Each kernel returns new tensors (its inputs are left as they are).
 */
import * as tf from "@tensorflow/tfjs";
import { assertLiveViews, heapFloats, newHeapTensor, onHeap, wasmBackend } from "./wasm_heap.ts";
import { kernelObject } from "./kernel_cache.ts";
import { type KernelSymbols, kernelSymbols } from "./kernel_signatures.ts";

export { KERNEL_PACKAGES } from "./kernel_cache.ts";

/** What a manifest records about the kernels. */
export interface KernelsInfo {
  compiler: string;
  flags: string;
  /** What -march=native resolved to, e.g. "znver2". */
  target: string;
  /** The C library (its libmvec computes exp and log), e.g. "glibc 2.36". */
  libc: string;
  /** SHA-256 of the object loaded (lib/core/native/kernel_cache.ts verified its bytes against its record). */
  objectSha256: string;
}

let loaded: { lib: Deno.DynamicLibrary<KernelSymbols>; info: KernelsInfo } | undefined;

/**
 * Loads the kernels, from the cache when a verified object for today's source, flags, compiler,
 * CPU target and C library is there, else built now (lib/core/native/kernel_cache.ts). Throws one line
 * naming the reason and the way out when gcc is missing or fails, or the cache cannot be written.
 */
export async function loadKernels(): Promise<KernelsInfo> {
  if (loaded) return loaded.info;
  const object = await kernelObject();
  let lib: Deno.DynamicLibrary<KernelSymbols>;
  try {
    lib = Deno.dlopen(object.path, kernelSymbols());
  } catch (e) {
    throw new Error(
      `--engine native: cannot load ${object.path} (${
        (e instanceof Error ? e.message : String(e)).split("\n")[0]
      }); remove it and run again, or use --engine wasm`,
    );
  }
  const { compiler, flags, target, libc } = object.inputs;
  loaded = { lib, info: { compiler, flags, target, libc, objectSha256: object.sha256 } };
  return loaded.info;
}

/** The loaded kernels' FFI symbols (lib/core/native/kernel_signatures.ts); throws before {@link loadKernels}. */
export function kernels(): Deno.DynamicLibrary<KernelSymbols>["symbols"] {
  if (!loaded) throw new Error("native kernels: loadKernels() first (the native engine's activate() does)");
  return loaded.lib.symbols;
}

/** Per row of x and p ([rows, cols]): Σ clipped BCE(x, p), as lib/core/model/elbo_loss.ts clippedBce defines it. */
export function clippedBceKernel(x: tf.Tensor2D, p: tf.Tensor, clip: number): tf.Tensor1D {
  const backend = wasmBackend();
  const [rows, cols] = x.shape;
  onHeap(backend, x, p);
  const out = newHeapTensor(backend, [rows]) as tf.Tensor1D;
  const scratch = new Float32Array(2 * cols);
  const [xv, pv, ov] = [
    heapFloats(backend, x, rows * cols),
    heapFloats(backend, p, rows * cols),
    heapFloats(backend, out, rows),
  ];
  assertLiveViews(backend, xv, pv, ov);
  kernels().clipped_bce_rows(BigInt(rows), BigInt(cols), xv, pv, clip, scratch, ov);
  return out;
}

/**
 * In place on `values` (rows × cols, row-major): adds `bias` (length cols) to every row when
 * given, then applies relu when asked.
 */
export function biasReluInPlace(
  values: Float32Array,
  cols: number,
  bias: Float32Array | undefined,
  relu: boolean,
): void {
  kernels().bias_relu_f32(BigInt(values.length / cols), BigInt(cols), values, bias ?? null, relu ? 1 : 0);
}

/** out = sigmoid(x) element-wise (same length). */
export function sigmoidInto(x: Float32Array, out: Float32Array): void {
  kernels().sigmoid_f32(BigInt(x.length), x, out);
}

/** z = mean + std·eps element-wise (the reparameterisation; all the same length). */
export function sampleInto(mean: Float32Array, std: Float32Array, eps: Float32Array, z: Float32Array): void {
  kernels().sample_f32(BigInt(z.length), mean, std, eps, z);
}

/** The arrays of {@link outputPassRows}: rows × cols each unless noted. */
export interface OutputPass {
  /** The output layer's sgemm product. */
  logits: Float32Array;
  /** Length cols. */
  bias: Float32Array;
  /** The images. */
  x: Float32Array;
  /** Welford's running mean and M2, updated in place. */
  mean: Float32Array;
  m2: Float32Array;
  /** Per row: Σ clipped BCE(x, y) (length rows). */
  bce: Float32Array;
  /** The mean decode, when the mean of (y − m)² per row is wanted in `meanSquareDiff` (length rows). */
  meanDecode?: Float32Array;
  meanSquareDiff?: Float64Array;
  /** Where y goes, when it is wanted. */
  y?: Float32Array;
  /** 3·cols floats. */
  scratch: Float32Array;
}

/**
 * The decoder's output layer after its sgemm and what a pass computes from y, row by row while
 * the row is in cache: y = sigmoid(logits + bias) with the bytes of tfjs' Add then Sigmoid (so cols must be
 * a multiple of 8, where rows start on a vector boundary), the `count`-th Welford step, the
 * clipped BCE per row and, when asked, the mean of (y − m)² per row.
 */
export function outputPassRows(p: OutputPass, cols: number, clip: number, count: number): void {
  if (cols % 8 !== 0) throw new RangeError(`outputPassRows: ${cols} columns, not a multiple of 8`);
  kernels().output_pass_rows(
    BigInt(p.bce.length),
    BigInt(cols),
    p.logits,
    p.bias,
    p.x,
    clip,
    count,
    p.mean,
    p.m2,
    p.meanDecode ?? null,
    p.y ?? null,
    p.bce,
    p.meanSquareDiff ?? null,
    p.scratch,
  );
}
