import { engineNamed } from "../../../lib/core/engine/engine.ts";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { readArtifact } from "../../../lib/core/store/artifact_read.ts";
import { useBackend } from "../../../lib/core/runtime/backend.ts";
import { EXPORT_SCHEMA, loadExportedModels } from "../../../lib/stages/export/export_artifact.ts";
import { MNIST_PIXELS } from "../../../lib/stages/fetch_mnist/mnist_files.ts";
import { runAllChunks, startPassWorker } from "../../../lib/stages/evaluate/parallel_passes.ts";
import type { ChunkResult } from "../../../lib/stages/evaluate/stochastic_passes.ts";
import { latest } from "../../_files.ts";
import { runStageOk } from "../../_commands.ts";
import { trainedRoot } from "../../_fixtures.ts";

await useBackend("wasm");

Deno.test("a worker thread runs every second chunk and the results arrive in chunk order, byte-identical to one thread", async () => {
  const root = await trainedRoot(300, 60);
  await runStageOk("export", ["--artifacts", root]);
  const exported = await readArtifact(join(root, "export", await latest(root, "export")), {
    schema: EXPORT_SCHEMA,
  });
  const models = await loadExportedModels(exported);
  const random = tf.randomUniform([70, MNIST_PIXELS], 0, 1, "float32", 7);
  const images = random.dataSync() as Float32Array;
  random.dispose();
  const run = async (workers: 1 | 2) => {
    const seen: { result: ChunkResult; first: number }[] = [];
    const worker = workers === 2 ? startPassWorker(exported.dir, "wasm") : undefined;
    await runAllChunks(
      {
        engine: engineNamed("wasm"),
        models,
        images,
        width: MNIST_PIXELS,
        count: 65,
        chunkSize: 20,
        passes: 3,
        seed: 2,
        worker,
      },
      // A copy: the arrays are written again by later chunks.
      (result, pixels) => seen.push({ result: structuredClone(result), first: pixels[0]! }),
    ).finally(() => worker?.close());
    return seen;
  };
  const one = await run(1);
  const two = await run(2);
  // 65 images in chunks of 20: four chunks, the last of 5 images; the first pixel of each shows the order.
  assert.deepEqual(one.map((c) => c.result.kl.length), [20, 20, 20, 5]);
  assert.deepEqual(one.map((c) => c.first), [0, 20, 40, 60].map((i) => images[i * MNIST_PIXELS]));
  assert.deepEqual(two, one);
});
