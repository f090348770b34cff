/**
 * The image-sized arrays of a chunk's results (rows × 784 floats each), allocated once and
 * written again chunk after chunk. A fresh array costs its page faults the first time it is
 * written (on our 2-core VMs about 11 ms per 3 MB), and a chunk has six of them.
 */
import * as tf from "@tensorflow/tfjs";
import { heapFloats, wasmBackend } from "../../core/native/wasm_heap.ts";

/** The results of a chunk that hold a value per image and pixel. */
export const IMAGE_ARRAYS = [
  "meanDecode",
  "firstPass",
  "secondPass",
  "thirdPass",
  "passMean",
  "passVariance",
] as const;

/** One of {@link IMAGE_ARRAYS}. */
export type ImageArray = typeof IMAGE_ARRAYS[number];

/** Where a chunk's image-sized results are written: each array holds at least rows × 784 floats. */
export type ChunkBuffers = Record<ImageArray, Float32Array>;

/** Six new arrays of `floats` floats each. */
export function newChunkBuffers(floats: number): ChunkBuffers {
  return Object.fromEntries(IMAGE_ARRAYS.map((name) => [name, new Float32Array(floats)])) as ChunkBuffers;
}

/**
 * The whole buffers behind a chunk's results (whose arrays may be shorter views of them, for
 * the last chunk), to be written again.
 */
export function buffersOf(result: Record<ImageArray, Float32Array>): ChunkBuffers {
  return Object.fromEntries(
    IMAGE_ARRAYS.map((name) => [name, new Float32Array(result[name].buffer)]),
  ) as ChunkBuffers;
}

/**
 * Copies the values of float32 tensor `t` into the start of `into` and returns that part: on
 * the wasm backend straight from its heap, with no array in between (dataSync() makes one).
 */
export function readInto(t: tf.Tensor, into: Float32Array): Float32Array {
  const part = into.subarray(0, t.size);
  if (tf.getBackend() === "wasm") part.set(heapFloats(wasmBackend(), t, t.size));
  else part.set(t.dataSync() as Float32Array);
  return part;
}

/** Copies `values` into the start of `into` and returns that part. */
export function copyInto(values: Float32Array, into: Float32Array): Float32Array {
  const part = into.subarray(0, values.length);
  part.set(values);
  return part;
}
