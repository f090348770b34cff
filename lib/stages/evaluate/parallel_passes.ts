/**
 * The stochastic passes over every test image, chunk by chunk, on one thread or two. A
 * chunk's results depend only on its images, N, the seed and its number (lib/stages/evaluate/stochastic_passes.ts),
 * so with `workers: 2` a Web Worker (lib/stages/evaluate/parallel_passes_worker.ts), holding its own copy of
 * the exported models, takes chunks from the same queue as this thread, whichever is free
 * first; results are handed on in chunk order either way, so the metrics come out
 * byte-identical.
 */
import * as tf from "@tensorflow/tfjs";
import type { KerasModels } from "../../core/model/keras_models.ts";
import type { Engine, EngineName } from "../../core/engine/engine.ts";
import { type ChunkResult, runChunk } from "./stochastic_passes.ts";
import { openWorkerChannel, type WorkerChannel } from "../../core/runtime/worker_channel.ts";
import type { FromPassWorker, ToPassWorker } from "./passes_protocol.ts";
import { buffersOf, type ChunkBuffers, copyInto, newChunkBuffers } from "./chunk_buffers.ts";
import { scalePixels } from "../fetch_mnist/fetch_mnist_artifact.ts";
import { macrotaskTurn } from "../../core/runtime/event_loop_turn.ts";

/** The evaluation worker: loading the models from the start, then taking chunks. */
export type PassWorker = WorkerChannel<ToPassWorker, FromPassWorker>;

/**
 * Starts the evaluation worker and has it load the exported models in `exportDir` on the
 * engine called `engine` (its own, activated there): started before this thread loads its own
 * inputs, it is ready when the chunks start. Whoever starts it closes it.
 */
export function startPassWorker(exportDir: string, engine: EngineName): PassWorker {
  const channel = openWorkerChannel<ToPassWorker, FromPassWorker>(PASS_WORKER_URL, "evaluation worker");
  // The worker listens from its first line on, so nothing sent now is lost.
  channel.send({ kind: "load", exportDir, engine });
  return channel;
}

/** What to run. */
export interface PassPlan {
  /** What this thread computes with (activated). */
  engine: Engine;
  /** The exported models, loaded on this thread. */
  models: KerasModels;
  /**
   * Images, row-major, `width` values each; the first `count` are evaluated. Pixel bytes are
   * scaled as scalePixels() scales, a chunk at a time.
   */
  images: Float32Array | Uint8Array;
  width: number;
  count: number;
  /** Images per chunk: part of what the results depend on. */
  chunkSize: number;
  passes: number;
  seed: number;
  /** The worker that takes chunks beside this thread ({@link startPassWorker}); none: one thread. */
  worker?: PassWorker;
  /** Told which thread took each chunk, as it is taken (for progress and tests; no result changes). */
  onChunkTaken?: (chunk: number, thread: "this" | "worker") => void;
}

/** Handed each chunk's results, in chunk order, with the chunk's pixels. */
export type ChunkSink = (result: ChunkResult, pixels: Float32Array) => void;

/** The module the evaluation worker runs in. */
export const PASS_WORKER_URL = new URL("./parallel_passes_worker.ts", import.meta.url);

/**
 * Runs every chunk of `plan`, handing the results to `sink` in chunk order. The arrays a sink
 * is handed are written again by later chunks once it returns: it copies what it keeps.
 *
 * With a worker, the chunks are a queue that both threads take from, the next chunk going to
 * whichever thread is free first: a thread that runs slower (another process on its core, the
 * sink's work on this thread) takes fewer chunks instead of holding the other back. A chunk's
 * results depend only on its number, never on which thread ran it, and they reach the sink in
 * chunk order, so the bytes are the same for any split.
 */
export async function runAllChunks(plan: PassPlan, sink: ChunkSink): Promise<void> {
  const chunks = Math.ceil(plan.count / plan.chunkSize);
  const chunkFloats = plan.chunkSize * plan.width;
  /** Chunk `chunk`'s rows, and its pixels as the model's inputs, written into `into`. */
  const pixelsOf = (chunk: number, into: Float32Array) => {
    const start = chunk * plan.chunkSize;
    const rows = Math.min(plan.chunkSize, plan.count - start);
    const source = plan.images.subarray(start * plan.width, (start + rows) * plan.width);
    return {
      rows,
      pixels: source instanceof Uint8Array ? scalePixels(source, into) : copyInto(source, into),
    };
  };
  // Buffers that came back from a sink or the worker, written again by the next chunk.
  const freeBuffers: ChunkBuffers[] = [];
  const freePixels: Float32Array[] = [];
  const takeBuffers = () => freeBuffers.pop() ?? newChunkBuffers(chunkFloats);
  const takePixels = () => freePixels.pop() ?? new Float32Array(chunkFloats);
  // Finished chunks wait here until every chunk before them reached the sink.
  const finished = new Map<number, { result: ChunkResult; pixels: Float32Array }>();
  let sunk = 0;
  const finish = (chunk: number, result: ChunkResult, pixels: Float32Array) => {
    finished.set(chunk, { result, pixels });
    for (let next = finished.get(sunk); next !== undefined; next = finished.get(sunk)) {
      finished.delete(sunk++);
      sink(next.result, next.pixels);
      freeBuffers.push(buffersOf(next.result));
      freePixels.push(new Float32Array(next.pixels.buffer));
    }
  };
  let nextChunk = 0;
  // One chunk: no work for the worker.
  const channel = chunks > 1 ? plan.worker : undefined;
  // The worker has the next chunk queued behind the one it runs, so it does not wait for this
  // thread (which reads the worker's replies only between its own steps); the last chunk is
  // left to whichever thread comes free first.
  let remoteQueued = 0;
  const remoteReplies: Promise<void>[] = [];
  let remoteFailure: unknown;
  const topUp = () => {
    for (; channel && remoteFailure === undefined && nextChunk < chunks; remoteQueued++) {
      if (remoteQueued >= 2 || (remoteQueued === 1 && nextChunk === chunks - 1)) return;
      const chunk = nextChunk++;
      plan.onChunkTaken?.(chunk, "worker");
      const { rows, pixels } = pixelsOf(chunk, takePixels());
      const buffers = takeBuffers();
      channel.send(
        { kind: "chunk", pixels, rows, passes: plan.passes, seed: plan.seed, chunk, buffers },
        [pixels, ...Object.values(buffers)],
      );
      const reply = channel.reply("chunk", (reply) => {
        remoteQueued--;
        finish(chunk, reply.result, reply.pixels);
        topUp();
      });
      reply.catch((error) => remoteFailure ??= error);
      remoteReplies.push(reply);
    }
  };
  for (;;) {
    // A turn of the event loop between chunks too (a signal is handled, the worker's replies are
    // read; no result changes).
    await macrotaskTurn();
    if (remoteFailure !== undefined || nextChunk >= chunks) break;
    const chunk = nextChunk++;
    plan.onChunkTaken?.(chunk, "this");
    // This thread takes the first chunk, before the worker (still loading its models) is sent any.
    topUp();
    const { rows, pixels } = pixelsOf(chunk, takePixels());
    const x = tf.tensor2d(pixels, [rows, plan.width]);
    const result = await runChunk(plan.engine, plan.models, x, plan.passes, plan.seed, chunk, takeBuffers());
    x.dispose();
    finish(chunk, result, pixels);
  }
  // Every remote chunk's reply, in order: the first failure, if any, is thrown here.
  for (const reply of remoteReplies) await reply;
}
