/**
 * The evaluation's compute: N stochastic passes over the first test images, chunk by chunk,
 * on this thread and (with two workers and more than one chunk) a Web Worker, every chunk's
 * results collected in order into the evaluation's metrics.
 */
import type { Engine } from "../../core/engine/engine.ts";
import type { Artifact } from "../../core/store/manifest.ts";
import { loadExportedModels } from "../export/export_artifact.ts";
import { loadMnistSplit, MNIST_PIXELS } from "../fetch_mnist/fetch_mnist_artifact.ts";
import { EvaluationCollector } from "./evaluate_metrics.ts";
import { runAllChunks, startPassWorker } from "./parallel_passes.ts";

/** Images per chunk of passes (memory, not results: chunks are seeded by their number). */
const CHUNK = 1000;
/** Test digits in the figure, as in the Keras example's plot. */
const FIGURE_IMAGES = 10;

/** What to run the passes on. */
export interface PassesInputs {
  exported: Artifact;
  mnist: Artifact;
  /** The engine this thread computes with (activated); the worker activates its own of the same name. */
  engine: Engine;
  /** 2: a worker takes every second chunk (when there is more than one). */
  workers: 1 | 2;
  /** The first this many test images. */
  images: number;
  passes: number;
  seed: number;
}

/** The passes' results: the collected metrics, the images' labels, and the threads they ran on. */
export interface PassesResult {
  collector: EvaluationCollector;
  labels: Uint8Array;
  threads: 1 | 2;
}

/** Runs every pass of `inputs`; the worker (if any) is closed whatever happens. */
export async function runEvaluationPasses(inputs: PassesInputs): Promise<PassesResult> {
  const { images } = inputs;
  // Started first, so that it loads tfjs and its copy of the models while this thread loads
  // its inputs; and only when there is a second chunk for it.
  const worker = inputs.workers === 2 && images > CHUNK
    ? startPassWorker(inputs.exported.dir, inputs.engine.name)
    : undefined;
  try {
    const models = await loadExportedModels(inputs.exported);
    const test = await loadMnistSplit(inputs.mnist, "test");
    const collector = new EvaluationCollector(images, MNIST_PIXELS, FIGURE_IMAGES);
    await runAllChunks({
      engine: inputs.engine,
      models,
      images: test.pixels,
      width: MNIST_PIXELS,
      count: images,
      chunkSize: CHUNK,
      passes: inputs.passes,
      seed: inputs.seed,
      worker,
    }, (result, pixels) => collector.add(result, pixels));
    return { collector, labels: test.labels.subarray(0, images), threads: worker ? 2 : 1 };
  } finally {
    worker?.close();
  }
}
