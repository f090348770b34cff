/**
 * The evaluate stage: N stochastic passes of the exported VAE per test image against the
 * single mean decode decoder(z_mean) — the answer to why the two differ — written as
 * metrics, figures and a report. Run by pipeline/evaluate.ts.
 */
import { join } from "node:path";
import { openInput, openRecordedInput } from "../../core/store/reference.ts";
import { useBackend } from "../../core/runtime/backend.ts";
import { type EngineName, ENGINES } from "../../core/engine/engine.ts";
import { WORKERS_FLAG, type WorkersOption, workersOptionFromFlags } from "../../core/cli/flags.ts";
import { paramsFromFlags, type ParamSpecs } from "../../core/cli/params.ts";
import { EvaluationCollector } from "./evaluate_metrics.ts";
import { evaluationReport } from "./evaluate_report.ts";
import { EXPORT_SCHEMA, loadExportedModels } from "../export/export_artifact.ts";
import { type GridRow, renderGridPng } from "../../core/render/image_grid.ts";
import { loadMnistSplit, MNIST_SCHEMA, mnistSplitCount } from "../fetch_mnist/mnist_artifact.ts";
import { MNIST_PIXELS } from "../fetch_mnist/mnist_files.ts";
import { produceArtifact, type StageResult } from "../../core/store/produce_artifact.ts";
import type { Stage, StageContext } from "../../core/cli/stage_runner.ts";
import { runAllChunks, startPassWorker } from "./parallel_passes.ts";
import { reportHtmlFile } from "./report_html.ts";
import { quickLookNote, runSizeOf, shortenedBy } from "./quick_look.ts";
import { answerNumbers } from "./answer_numbers.ts";
import { MODEL_SCHEMA } from "../train/model_artifact.ts";
import { finiteJson } from "../../core/runtime/finite_json.ts";

/** Kind and format version of the `evaluate` artifact. */
export const EVALUATE_SCHEMA = "evaluate@1";

/** Images per chunk of passes (memory, not results: chunks are seeded by their number). */
const CHUNK = 1000;
/** Test digits in the figure, as in the Keras example's plot. */
const FIGURE_IMAGES = 10;

/** Everything that determines an evaluation (recorded in the manifest and the id). */
export interface EvaluateParams {
  /** Stochastic passes per test image (N ≥ 2, for a variance). */
  passes: number;
  /** Seed of the passes' ε. */
  seed: number;
  /** Test images evaluated: the first this many. */
  images: number;
  /** "wasm" or "native" (matrix products in OpenBLAS): lib/core/engine/engine.ts. */
  engine: EngineName;
}

/**
 * The evaluate stage's params and flags. The seed's flag is --eval-seed, since under
 * `deno task all` --seed belongs to train; run alone, evaluate takes --seed too.
 */
export const EVALUATE_PARAMS: ParamSpecs<EvaluateParams> = {
  passes: { flag: "passes", default: 100, min: 2, max: 100000, integer: true },
  seed: { flag: "eval-seed", aloneAlias: "seed", default: 1, min: 0, max: 2 ** 31 - 1, integer: true },
  images: { flag: "images", default: 10000, min: 1, max: 10000, integer: true },
  engine: { flag: "engine", default: "wasm", choices: ENGINES, absentInOlderRecords: "wasm" },
};

/** The evaluate stage. */
export const evaluateStage: Stage<EvaluateParams, WorkersOption> = {
  name: "evaluate",
  schema: EVALUATE_SCHEMA,
  params: EVALUATE_PARAMS,
  options: WORKERS_FLAG,
  paramsFromFlags: (flags) => paramsFromFlags(EVALUATE_PARAMS, flags),
  optionsFromFlags: workersOptionFromFlags,
  run: evaluate,
};

async function evaluate(
  params: EvaluateParams,
  context: StageContext<WorkersOption>,
): Promise<StageResult> {
  const workers = context.options.workers;
  const root = context.root;
  const exported = await openInput(context.inputRoot ?? root, EXPORT_SCHEMA, context.from);
  const mnist = await openRecordedInput(context.inputRoot ?? root, exported, MNIST_SCHEMA);
  // The model the export came from: its loss curve goes into report.html.
  const model = await openRecordedInput(context.inputRoot ?? root, exported, MODEL_SCHEMA);
  const backend = await useBackend("wasm");
  const engine = await context.engine.activate();
  return await produceArtifact({
    root,
    schema: EVALUATE_SCHEMA,
    params: { ...params },
    inputs: [{ kind: "export", id: exported.manifest.id }, { kind: "mnist", id: mnist.manifest.id }],
    entry: import.meta.url,
    force: context.force,
    dryRun: context.dryRun,
    env: { ...backend, workers, ...engine },
  }, async (tmpDir, id) => {
    const started = performance.now();
    const images = Math.min(params.images, await mnistSplitCount(mnist, "test"));
    // Started first, so that it loads tfjs and its copy of the models while this thread loads
    // its inputs; and only when there is a second chunk for it.
    const worker = workers === 2 && images > CHUNK
      ? startPassWorker(exported.dir, context.engine.name)
      : undefined;
    let collector: EvaluationCollector;
    let test: Awaited<ReturnType<typeof loadMnistSplit>>;
    try {
      const models = await loadExportedModels(exported);
      test = await loadMnistSplit(mnist, "test");
      collector = new EvaluationCollector(images, MNIST_PIXELS, FIGURE_IMAGES);
      await runAllChunks({
        engine: context.engine,
        models,
        images: test.pixels,
        width: MNIST_PIXELS,
        count: images,
        chunkSize: CHUNK,
        passes: params.passes,
        seed: params.seed,
        worker,
      }, (result, pixels) => collector.add(result, pixels));
    } finally {
      worker?.close();
    }
    // From the worker's start to the last chunk: loading the models and test images included.
    const seconds = (performance.now() - started) / 1000;
    const metrics = collector.metrics(params.passes, params.seed, test.labels.subarray(0, images));
    if (metrics.epsilonZeroMaxAbs !== 0 || metrics.vaeVersusDecoderMaxAbs !== 0) {
      throw new Error(
        `exported VAE is inconsistent: |vae(x, ε=0) − decoder(z_mean)| = ${metrics.epsilonZeroMaxAbs}, ` +
          `|vae(x, ε) − decoder(z)| = ${metrics.vaeVersusDecoderMaxAbs}; both must be 0`,
      );
    }
    await Deno.writeTextFile(join(tmpDir, "metrics.json"), finiteJson(metrics, "metrics.json"));
    const fig = collector.figure;
    const rows: GridRow[] = [
      { label: "original x", style: "grey", cells: fig.originals },
      { label: "decoder(z_mean)\n(mean decode)", style: "grey", cells: fig.meanDecode },
      { label: "vae(x), pass 1", style: "grey", cells: fig.passes[0]! },
      { label: "vae(x), pass 2", style: "grey", cells: fig.passes[1]! },
      { label: "vae(x), pass 3", style: "grey", cells: fig.passes[2]! },
      { label: `per-pixel std\nof ${params.passes} passes`, style: "heat", cells: fig.std },
      { label: `|mean of passes −\ndecoder(z_mean)|`, style: "heat", cells: fig.absGap },
    ];
    await Deno.writeFile(
      join(tmpDir, "figure.png"),
      await renderGridPng("Rows 2 and 3 of the Keras example, and what they could not show", rows),
    );
    await Deno.writeFile(
      join(tmpDir, "variance_map.png"),
      await renderGridPng(
        `Average per-pixel variance over ${images} test images`,
        [{ label: `variance of\n${params.passes} passes`, style: "heat", cells: [collector.varianceMap()] }],
        { side: 28, scale: 8, gap: 4 },
      ),
    );
    // A shortened run says so at the top of its report, from what its artifacts record.
    const size = await runSizeOf(model, mnist, { images, passes: params.passes });
    const report = evaluationReport(metrics, exported.manifest.id, quickLookNote(shortenedBy(size)));
    await Deno.writeTextFile(join(tmpDir, "report.md"), report);
    const view = {
      evaluateId: id,
      exportId: exported.manifest.id,
      mnistId: mnist.manifest.id,
      modelId: model.manifest.id,
      reportMarkdown: report,
      metrics,
      answer: answerNumbers(metrics, shortenedBy(size)),
    };
    await Deno.writeTextFile(
      join(tmpDir, "report.html"),
      reportHtmlFile(view, {
        "figure.png": await Deno.readFile(join(tmpDir, "figure.png")),
        "variance_map.png": await Deno.readFile(join(tmpDir, "variance_map.png")),
        "loss_curve.png": await Deno.readFile(join(model.dir, "loss_curve.png")),
      }),
    );
    const threads = worker ? 2 : 1;
    console.log(
      `${images} images × ${params.passes} passes in ${seconds.toFixed(1)} s on ${threads} thread(s) ` +
        `(${(images * params.passes / seconds).toFixed(0)} passes/s); single-pass RMS vs mean decode ` +
        `${metrics.singlePassRms.mean.toFixed(4)}, mean pixel variance ${
          metrics.pixelVariance.mean.toExponential(3)
        }; importance-weighted bound ${
          metrics.importanceWeighted.bound.toFixed(3)
        } nats, ${metrics.latent.activeUnits} of ${metrics.latent.dims} latent dimensions active`,
    );
    return {
      seconds,
      passesPerSecond: images * params.passes / seconds,
      negElbo: metrics.negElbo,
      singlePassRms: metrics.singlePassRms.mean,
      pixelVarianceMean: metrics.pixelVariance.mean,
    };
  });
}
