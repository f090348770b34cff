/**
 * The stochastic passes over every test image, chunk by chunk, on one thread or two. A
 * chunk's results depend only on its images, N, the seed and its number (lib/stochastic_passes.ts),
 * so with `workers: 2` a Web Worker (lib/parallel_passes_worker.ts), holding its own copy of
 * the exported models, runs every second chunk while this thread runs the others; results
 * are handed on in chunk order either way, so the metrics come out byte-identical.
 */
import * as tf from "@tensorflow/tfjs";
import type { KerasModels } from "./keras_models.ts";
import { type ChunkResult, runChunk } from "./stochastic_passes.ts";

/** What to run. */
export interface PassPlan {
  /** The exported models, loaded on this thread. */
  models: KerasModels;
  /** The export artifact's directory, for the worker to load the same models from. */
  exportDir: string;
  /** Images, row-major, `width` values each; the first `count` are evaluated. */
  images: Float32Array;
  width: number;
  count: number;
  /** Images per chunk: part of what the results depend on. */
  chunkSize: number;
  passes: number;
  seed: number;
  workers: 1 | 2;
}

/** Handed each chunk's results, in chunk order, with the chunk's pixels. */
export type ChunkSink = (result: ChunkResult, pixels: Float32Array) => void;

/** The worker side: runs the chunks it is sent, one at a time, in order. */
interface PassWorker {
  run(pixels: Float32Array, rows: number, chunk: number): Promise<ChunkResult>;
  dispose(): void;
}

/** Starts the worker and sends it the models to load. */
function startPassWorker(plan: PassPlan): PassWorker {
  const worker = new Worker(new URL("./parallel_passes_worker.ts", import.meta.url).href, { type: "module" });
  const waiting: { resolve: (value: ChunkResult) => void; reject: (error: Error) => void }[] = [];
  let failure: Error | undefined;
  worker.onerror = (e) => {
    e.preventDefault();
    failure = new Error(`evaluation worker: ${e.message}`);
    for (const waiter of waiting.splice(0)) waiter.reject(failure);
  };
  worker.onmessage = (e: MessageEvent<ChunkResult>) => waiting.shift()?.resolve(e.data);
  // The worker listens from its first line on, so nothing sent now is lost.
  worker.postMessage({ kind: "load", exportDir: plan.exportDir });
  return {
    run(pixels, rows, chunk) {
      if (failure) return Promise.reject(failure);
      const copy = pixels.slice();
      const message = { kind: "chunk", pixels: copy, rows, passes: plan.passes, seed: plan.seed, chunk };
      worker.postMessage(message, [copy.buffer]);
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    dispose: () => worker.terminate(),
  };
}

/** Runs every chunk of `plan`, handing the results to `sink` in chunk order. */
export async function runAllChunks(plan: PassPlan, sink: ChunkSink): Promise<void> {
  const chunks = Math.ceil(plan.count / plan.chunkSize);
  const pixelsOf = (chunk: number) => {
    const start = chunk * plan.chunkSize;
    const rows = Math.min(plan.chunkSize, plan.count - start);
    return { rows, pixels: plan.images.subarray(start * plan.width, (start + rows) * plan.width) };
  };
  const runHere = (chunk: number) => {
    const { rows, pixels } = pixelsOf(chunk);
    const x = tf.tensor2d(pixels, [rows, plan.width]);
    const result = runChunk(plan.models, x, plan.passes, plan.seed, chunk);
    x.dispose();
    return result;
  };
  const worker = plan.workers === 2 && chunks > 1 ? startPassWorker(plan) : undefined;
  // This thread takes the even chunks, the worker (if any) the odd ones. The worker gets its
  // next chunk as soon as it has answered, so it does not wait while this thread collects.
  const send = (chunk: number) => {
    if (!worker || chunk >= chunks) return undefined;
    const { rows, pixels } = pixelsOf(chunk);
    return { pixels, result: worker.run(pixels, rows, chunk) };
  };
  try {
    let remote = send(1);
    for (let chunk = 0; chunk < chunks; chunk += worker ? 2 : 1) {
      sink(runHere(chunk), pixelsOf(chunk).pixels);
      if (remote) {
        const result = await remote.result;
        const pixels = remote.pixels;
        remote = send(chunk + 3);
        sink(result, pixels);
      }
    }
  } finally {
    worker?.dispose();
  }
}
