/**
 * The evaluate stage: N stochastic passes of the exported VAE per test image against the
 * single mean decode decoder(z_mean) — the answer to why the two differ — written as
 * metrics, figures and a report. Run by pipeline/evaluate.ts.
 */
import { join } from "node:path";
import { openInput, openRecordedInput } from "../../core/store/reference.ts";
import { useBackend } from "../../core/runtime/backend.ts";
import { WORKERS_FLAG, type WorkersOption, workersOptionFromFlags } from "../../core/cli/workers_flag.ts";
import { paramsFromFlags } from "../../core/cli/params.ts";
import { finiteJson } from "../../core/runtime/finite_json.ts";
import { produceArtifact, type StageResult } from "../../core/store/produce_artifact.ts";
import type { Stage, StageContext } from "../../core/cli/stage.ts";
import { EXPORT_SCHEMA } from "../export/export_artifact.ts";
import { MNIST_SCHEMA, mnistSplitCount } from "../fetch_mnist/fetch_mnist_artifact.ts";
import { MODEL_SCHEMA } from "../train/train_artifact.ts";
import { EVALUATE_FILES, EVALUATE_SCHEMA, readAnswer } from "./evaluate_artifact.ts";
import { writeEvaluationFigures } from "./evaluate_figures.ts";
import type { EvaluationMetrics } from "./evaluate_metrics.ts";
import { EVALUATE_PARAMS, type EvaluateParams } from "./evaluate_params.ts";
import { runEvaluationPasses } from "./evaluate_passes.ts";
import { evaluationSummary } from "./evaluate_summary.ts";
import { writeEvaluationReports } from "./report_files.ts";

/** The evaluate stage. */
export const evaluateStage: Stage<EvaluateParams, WorkersOption> = {
  name: "evaluate",
  schema: EVALUATE_SCHEMA,
  params: EVALUATE_PARAMS,
  options: WORKERS_FLAG,
  paramsFromFlags: (flags) => paramsFromFlags(EVALUATE_PARAMS, flags),
  optionsFromFlags: workersOptionFromFlags,
  run: evaluate,
  // Run alone, it ends with the answer: what was found, where the report is, how to see it.
  conclusion: readAnswer,
};

/** Inputs: the export, its mnist and model. Compute: the passes, their metrics. Write: metrics, figures, reports. */
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
    const { collector, labels, threads } = await runEvaluationPasses({
      exported,
      mnist,
      engine: context.engine,
      workers,
      images,
      passes: params.passes,
      seed: params.seed,
    });
    // From the worker's start to the last chunk: loading the models and test images included.
    const seconds = (performance.now() - started) / 1000;
    const metrics = checkedExport(collector.metrics(params.passes, params.seed, labels));
    await Deno.writeTextFile(
      join(tmpDir, EVALUATE_FILES.metrics),
      finiteJson(metrics, EVALUATE_FILES.metrics),
    );
    await writeEvaluationFigures(tmpDir, collector, params.passes, images);
    await writeEvaluationReports(tmpDir, { id, metrics, exported, mnist, model });
    console.log(evaluationSummary(metrics, images, seconds, threads));
    return {
      seconds,
      passesPerSecond: images * params.passes / seconds,
      negElbo: metrics.negElbo,
      singlePassRms: metrics.singlePassRms.mean,
      pixelVarianceMean: metrics.pixelVariance.mean,
    };
  });
}

/** `metrics`, once they show the exported VAE is the decoder at z = z_mean + σ·ε exactly; else throws. */
function checkedExport(metrics: EvaluationMetrics): EvaluationMetrics {
  if (metrics.epsilonZeroMaxAbs !== 0 || metrics.vaeVersusDecoderMaxAbs !== 0) {
    throw new Error(
      `exported VAE is inconsistent: |vae(x, ε=0) − decoder(z_mean)| = ${metrics.epsilonZeroMaxAbs}, ` +
        `|vae(x, ε) − decoder(z)| = ${metrics.vaeVersusDecoderMaxAbs}; both must be 0`,
    );
  }
  return metrics;
}
