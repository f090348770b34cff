/**
 * The stochastic passes over every test image, chunk by chunk, on one thread or two. A
 * chunk's results depend only on its images, N, the seed and its number (lib/evaluate/stochastic_passes.ts),
 * so with `workers: 2` a Web Worker (lib/evaluate/parallel_passes_worker.ts), holding its own copy of
 * the exported models, runs every second chunk while this thread runs the others; results
 * are handed on in chunk order either way, so the metrics come out byte-identical.
 */
import * as tf from "@tensorflow/tfjs";
import type { KerasModels } from "../model/keras_models.ts";
import type { EngineName } from "../engine/engine.ts";
import { type ChunkResult, runChunk } from "./stochastic_passes.ts";
import { openWorkerChannel, type WorkerChannel } from "../runtime/worker_channel.ts";
import type { FromPassWorker, ToPassWorker } from "./passes_protocol.ts";

/** The evaluation worker: loading the models from the start, then taking chunks. */
export type PassWorker = WorkerChannel<ToPassWorker, FromPassWorker>;

/**
 * Starts the evaluation worker and has it load the exported models in `exportDir` on
 * `engine` (with `blasThreads` OpenBLAS threads): started before this thread loads its own
 * inputs, it is ready when the chunks start. Whoever starts it closes it.
 */
export function startPassWorker(exportDir: string, engine: EngineName, blasThreads: number): PassWorker {
  const channel = openWorkerChannel<ToPassWorker, FromPassWorker>(PASS_WORKER_URL, "evaluation worker");
  // The worker listens from its first line on, so nothing sent now is lost.
  channel.send({ kind: "load", exportDir, engine, blasThreads });
  return channel;
}

/** What to run. */
export interface PassPlan {
  /** The exported models, loaded on this thread. */
  models: KerasModels;
  /** Images, row-major, `width` values each; the first `count` are evaluated. */
  images: Float32Array;
  width: number;
  count: number;
  /** Images per chunk: part of what the results depend on. */
  chunkSize: number;
  passes: number;
  seed: number;
  /** The worker that runs every second chunk ({@link startPassWorker}); none: one thread. */
  worker?: PassWorker;
}

/** Handed each chunk's results, in chunk order, with the chunk's pixels. */
export type ChunkSink = (result: ChunkResult, pixels: Float32Array) => void;

/** The module the evaluation worker runs in. */
export const PASS_WORKER_URL = new URL("./parallel_passes_worker.ts", import.meta.url);

/** A chunk on its way through the worker: its pixels, and its results to come. */
interface RemoteChunk {
  pixels: Float32Array;
  result: Promise<ChunkResult>;
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
  // One chunk: no work for the worker.
  const channel = chunks > 1 ? plan.worker : undefined;
  // This thread takes the even chunks, the worker (if any) the odd ones. The worker always
  // has the next odd chunk queued behind the one it runs, so it never waits for this thread.
  const queued: RemoteChunk[] = [];
  let nextRemote = 1;
  const topUp = () => {
    for (; channel && queued.length < 2 && nextRemote < chunks; nextRemote += 2) {
      const { rows, pixels } = pixelsOf(nextRemote);
      const copy = pixels.slice();
      channel.send(
        { kind: "chunk", pixels: copy, rows, passes: plan.passes, seed: plan.seed, chunk: nextRemote },
        [copy],
      );
      queued.push({ pixels, result: channel.reply("chunk", (r) => r.result) });
    }
  };
  topUp();
  for (let chunk = 0; chunk < chunks; chunk += channel ? 2 : 1) {
    sink(runHere(chunk), pixelsOf(chunk).pixels);
    const remote = queued.shift();
    if (remote) {
      const result = await remote.result;
      topUp();
      sink(result, remote.pixels);
    }
  }
}
