/**
 * Tensors of tfjs-backend-wasm as views of the wasm heap, for code that computes on their
 * bytes directly (OpenBLAS through FFI, fused loops): no copies in or out.
 */
import * as tf from "@tensorflow/tfjs";

/** The parts of tfjs-backend-wasm's BackendWasm used here (the class is not exported typed). */
export interface WasmBackend {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: unknown): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: "float32"): tf.TensorInfo;
}

/** The current backend as a {@link WasmBackend}; throws unless it is "wasm". */
export function wasmBackend(): WasmBackend {
  if (tf.getBackend() !== "wasm") throw new Error(`expected the wasm backend (now ${tf.getBackend()})`);
  return tf.backend() as unknown as WasmBackend;
}

/**
 * The float32 values of `t` (a float32 tensor of `size` values) as a view of the heap. Take
 * the view right before use: allocating may grow the wasm memory and detach older views.
 */
export function heapFloats(backend: WasmBackend, t: tf.TensorInfo, size: number): Float32Array {
  const offset = backend.dataIdMap.get(t.dataId).memoryOffset;
  return new Float32Array(backend.wasm.HEAPU8.buffer, offset, size);
}

/** A new float32 tensor of `shape` whose values the caller writes through {@link heapFloats}. */
export function newHeapTensor(backend: WasmBackend, shape: number[]): tf.Tensor {
  return tf.engine().makeTensorFromTensorInfo(backend.makeOutput(shape, "float32"));
}

/**
 * Puts every one of `inputs` on the heap now: reading a tensor's offset moves it there when it
 * lives on another backend, which allocates and may grow the heap. Call it before allocating
 * the outputs and taking any view, so that no later step detaches a view.
 */
export function onHeap(backend: WasmBackend, ...inputs: (tf.TensorInfo | undefined)[]): void {
  for (const t of inputs) if (t !== undefined) backend.dataIdMap.get(t.dataId);
}

/**
 * Throws unless every one of `views` still views the heap: a view taken before the heap grew
 * is detached (length 0), and code handed one would silently compute nothing.
 */
export function assertLiveViews(backend: WasmBackend, ...views: (Float32Array | undefined)[]): void {
  const heap = backend.wasm.HEAPU8.buffer;
  if (views.some((v) => v !== undefined && v.buffer !== heap)) {
    throw new Error("native engine: a view of the wasm heap was taken before the heap grew (a bug)");
  }
}
