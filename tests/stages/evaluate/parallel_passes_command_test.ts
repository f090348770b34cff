// Chunks of stochastic passes split between this thread and a worker: the split follows the threads' speed, the results do not.
import { engineNamed } from "../../../lib/core/engine/engine.ts";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { readArtifact } from "../../../lib/core/store/artifact_read.ts";
import { useBackend } from "../../../lib/core/runtime/backend.ts";
import { EXPORT_SCHEMA, loadExportedModels } from "../../../lib/stages/export/export_artifact.ts";
import { MNIST_PIXELS } from "../../../lib/stages/fetch_mnist/mnist_files.ts";
import {
  type PassWorker,
  runAllChunks,
  startPassWorker,
} from "../../../lib/stages/evaluate/parallel_passes.ts";
import type { ChunkResult } from "../../../lib/stages/evaluate/stochastic_passes.ts";
import { latest } from "../../_files.ts";
import { runStageOk } from "../../_commands.ts";
import { trainedRoot } from "../../_fixtures.ts";

await useBackend("wasm");

Deno.test("a worker thread takes chunks beside this one and the results arrive in chunk order, byte-identical to one thread", async () => {
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
    const takers: string[] = [];
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
        onChunkTaken: (chunk, thread) => takers[chunk] = thread,
      },
      // A copy: the arrays are written again by later chunks.
      (result, pixels) => seen.push({ result: structuredClone(result), first: pixels[0]! }),
    ).finally(() => worker?.close());
    return { seen, takers };
  };
  const { seen: one } = await run(1);
  const { seen: two, takers } = await run(2);
  // 65 images in chunks of 20: four chunks, the last of 5 images; the first pixel of each shows the order.
  assert.deepEqual(one.map((c) => c.result.kl.length), [20, 20, 20, 5]);
  assert.deepEqual(one.map((c) => c.first), [0, 20, 40, 60].map((i) => images[i * MNIST_PIXELS]));
  assert.deepEqual(two, one);
  // This thread starts on the first chunk (the worker is still loading its models); the worker
  // is sent the next ones.
  assert.equal(takers[0], "this");
  assert.equal(takers[1], "worker");
});

Deno.test("when this thread is slow the worker takes more of the chunks, and the results are still one thread's bytes in chunk order", async () => {
  const root = await trainedRoot(300, 60);
  await runStageOk("export", ["--artifacts", root]);
  const exported = await readArtifact(join(root, "export", await latest(root, "export")), {
    schema: EXPORT_SCHEMA,
  });
  const models = await loadExportedModels(exported);
  const random = tf.randomUniform([80, MNIST_PIXELS], 0, 1, "float32", 9);
  const images = random.dataSync() as Float32Array;
  random.dispose();
  const run = async (count: number, worker: PassWorker | undefined, takeMs: number) => {
    const seen: ChunkResult[] = [];
    const takers: ("this" | "worker")[] = [];
    await runAllChunks(
      {
        engine: engineNamed("wasm"),
        models,
        images,
        width: MNIST_PIXELS,
        count,
        chunkSize: 10,
        passes: 3,
        seed: 4,
        worker,
        onChunkTaken: (chunk, thread) => {
          takers[chunk] = thread;
          // This thread held up as it takes a chunk (as another process on its core would).
          const until = performance.now() + (thread === "this" ? takeMs : 0);
          while (performance.now() < until) { /* busy */ }
        },
      },
      (result) => seen.push(structuredClone(result)),
    );
    return { seen, takers };
  };
  const one = await run(80, undefined, 0);
  const worker = startPassWorker(exported.dir, "wasm");
  try {
    // Its models loaded first, so that the split below depends on the threads' speed alone.
    await run(20, worker, 0);
    const two = await run(80, worker, 500);
    assert.deepEqual(one.takers, Array(8).fill("this"));
    // Fixed halves would give the worker 4 of the 8 chunks.
    const byWorker = two.takers.filter((t) => t === "worker").length;
    assert.ok(byWorker >= 5, `the worker took ${byWorker} of 8 chunks: ${two.takers.join(" ")}`);
    assert.deepEqual(two.seen, one.seen);
  } finally {
    worker.close();
  }
});
