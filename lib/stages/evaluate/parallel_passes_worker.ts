/**
 * The Web Worker behind `runAllChunks` with `workers: 2` (lib/stages/evaluate/parallel_passes.ts): loads
 * the exported models from the export artifact's directory, then runs each chunk of
 * stochastic passes it is sent, in order, and replies with the results.
 */
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../../core/runtime/backend.ts";
import { type Engine, engineNamed } from "../../core/engine/engine.ts";
import { loadExportedModels } from "../export/export_artifact.ts";
import type { KerasModels } from "../../core/model/keras_models.ts";
import { runChunk } from "./stochastic_passes.ts";
import { workerEnd } from "../../core/runtime/worker_channel.ts";
import type { FromPassWorker, ToPassWorker } from "./passes_protocol.ts";

const port = workerEnd<ToPassWorker, FromPassWorker>();
const backend = useBackend("wasm");
let models: Promise<KerasModels> | undefined;
let engine: Engine | undefined;

// Listening from the first line: Deno drops messages that arrive before a worker listens.
port.listen(async (message) => {
  if (message.kind === "load") {
    models = backend.then(async () => {
      engine = engineNamed(message.engine);
      await engine.activate();
      return loadExportedModels({ dir: message.exportDir });
    });
    return;
  }
  const loaded = await models!;
  const x = tf.tensor2d(message.pixels, [message.rows, message.pixels.length / message.rows]);
  const result = await runChunk(
    engine!,
    loaded,
    x,
    message.passes,
    message.seed,
    message.chunk,
    message.buffers,
  );
  x.dispose();
  const arrays = Object.values(result).filter((v) => ArrayBuffer.isView(v)) as ArrayBufferView[];
  port.reply({ kind: "chunk", result, pixels: message.pixels }, [...arrays, message.pixels]);
});
