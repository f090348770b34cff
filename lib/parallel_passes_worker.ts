/**
 * The Web Worker behind `runAllChunks` with `workers: 2` (lib/parallel_passes.ts): loads
 * the exported models from the export artifact's directory, then runs each chunk of
 * stochastic passes it is sent, in order, and replies with the results.
 */
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "./backend.ts";
import { loadExportedModels } from "./export_artifact.ts";
import type { KerasModels } from "./keras_models.ts";
import { type ChunkResult, runChunk } from "./stochastic_passes.ts";

type Message =
  | { kind: "load"; exportDir: string }
  | { kind: "chunk"; pixels: Float32Array; rows: number; passes: number; seed: number; chunk: number };

const port = self as unknown as Worker;
const backend = useBackend("wasm");
let models: Promise<KerasModels> | undefined;

/** The distinct buffers of a result's arrays (passes 2 and 3 share one when N = 2). */
function buffers(result: ChunkResult): ArrayBuffer[] {
  const arrays = Object.values(result).filter((v) => ArrayBuffer.isView(v)) as ArrayBufferView[];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

// Set before anything is awaited: Deno drops messages that arrive before a worker listens.
// Handlers wait for the same promises, so chunks still run one at a time, in order.
port.onmessage = async (e: MessageEvent<Message>) => {
  const message = e.data;
  if (message.kind === "load") {
    models = backend.then(() => loadExportedModels({ dir: message.exportDir }));
    return;
  }
  const loaded = await models!;
  const x = tf.tensor2d(message.pixels, [message.rows, message.pixels.length / message.rows]);
  const result = runChunk(loaded, x, message.passes, message.seed, message.chunk);
  x.dispose();
  port.postMessage(result, buffers(result));
};
