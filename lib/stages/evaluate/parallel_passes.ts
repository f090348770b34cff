/**
 * The stochastic passes over every test image, chunk by chunk, on one thread or two. A
 * chunk's results depend only on its images, N, the seed and its number (lib/evaluate/stochastic_passes.ts),
 * so with `workers: 2` a Web Worker (lib/evaluate/parallel_passes_worker.ts), holding its own copy of
 * the exported models, runs every second chunk while this thread runs the others; results
 * are handed on in chunk order either way, so the metrics come out byte-identical.
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
  /** The worker that runs every second chunk ({@link startPassWorker}); none: one thread. */
  worker?: PassWorker;
}

/** Handed each chunk's results, in chunk order, with the chunk's pixels. */
export type ChunkSink = (result: ChunkResult, pixels: Float32Array) => void;

/** The module the evaluation worker runs in. */
export const PASS_WORKER_URL = new URL("./parallel_passes_worker.ts", import.meta.url);

/**
 * Runs every chunk of `plan`, handing the results to `sink` in chunk order. The arrays a sink
 * is handed are written again by later chunks once it returns: it copies what it keeps.
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
  const sinkAndFree = (result: ChunkResult, pixels: Float32Array) => {
    sink(result, pixels);
    freeBuffers.push(buffersOf(result));
    freePixels.push(new Float32Array(pixels.buffer));
  };
  const runHere = async (chunk: number) => {
    const { rows, pixels } = pixelsOf(chunk, takePixels());
    const x = tf.tensor2d(pixels, [rows, plan.width]);
    const result = await runChunk(plan.engine, plan.models, x, plan.passes, plan.seed, chunk, takeBuffers());
    x.dispose();
    sinkAndFree(result, pixels);
  };
  // One chunk: no work for the worker.
  const channel = chunks > 1 ? plan.worker : undefined;
  // This thread takes the even chunks, the worker (if any) the odd ones. The worker always
  // has the next odd chunk queued behind the one it runs, so it never waits for this thread.
  const queued: Promise<FromPassWorker>[] = [];
  let nextRemote = 1;
  const topUp = () => {
    for (; channel && queued.length < 2 && nextRemote < chunks; nextRemote += 2) {
      const { rows, pixels } = pixelsOf(nextRemote, takePixels());
      const buffers = takeBuffers();
      channel.send(
        { kind: "chunk", pixels, rows, passes: plan.passes, seed: plan.seed, chunk: nextRemote, buffers },
        [pixels, ...Object.values(buffers)],
      );
      queued.push(channel.reply("chunk"));
    }
  };
  topUp();
  for (let chunk = 0; chunk < chunks; chunk += channel ? 2 : 1) {
    // A turn of the event loop between chunks too (a signal is handled; no result changes).
    await macrotaskTurn();
    await runHere(chunk);
    const remote = queued.shift();
    if (remote) {
      // The worker runs its other queued chunk meanwhile; the next one takes these buffers.
      const reply = await remote;
      sinkAndFree(reply.result, reply.pixels);
      topUp();
    }
  }
}
