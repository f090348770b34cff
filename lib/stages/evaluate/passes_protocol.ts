/**
 * The messages between runAllChunks (lib/stages/evaluate/parallel_passes.ts, main thread) and the
 * evaluation worker (lib/stages/evaluate/parallel_passes_worker.ts): "load" once, then one "chunk"
 * request per chunk, answered by one "chunk" reply with its results, in order.
 */
import type { EngineName } from "../../core/engine/engine.ts";
import type { ChunkResult } from "./stochastic_passes.ts";
import type { ChunkBuffers } from "./chunk_buffers.ts";

/** Main thread → evaluation worker. */
export type ToPassWorker =
  /** Load the exported models from this export artifact directory. */
  | { kind: "load"; exportDir: string; engine: EngineName }
  /**
   * Run `passes` passes over these images (chunk number `chunk`, `rows` × 784 pixels), writing
   * the image-sized results into `buffers`.
   */
  | {
    kind: "chunk";
    pixels: Float32Array;
    rows: number;
    passes: number;
    seed: number;
    chunk: number;
    buffers: ChunkBuffers;
  };

/** Evaluation worker → main thread: the results, and the pixels' buffer back, to be used again. */
export type FromPassWorker = { kind: "chunk"; result: ChunkResult; pixels: Float32Array };
