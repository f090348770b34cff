/**
 * Stage 4, evaluate: N stochastic passes of the exported VAE per test image against the
 * single mean decode decoder(z_mean) — the answer to why the two differ.
 *
 *   deno task evaluate [--passes 100] [--seed 1] [--images N] [--workers 1|2]
 *                      [--from ID|RUN|PATH] [--force] [--artifacts DIR]
 *
 * Reads: artifacts/export/<id> (latest unless --from) and the mnist artifact it was
 * verified on. Writes: artifacts/evaluate/<id>/ metrics.json, figure.png,
 * variance_map.png, report.md.
 */
import { join } from "node:path";
import { openInput, openRecordedInput } from "../lib/store/artifact_lookup.ts";
import { useBackend } from "../lib/runtime/backend.ts";
import { type FlagValues, numberFlag, stringFlag, workersFlag } from "../lib/cli/flags.ts";
import { EvaluationCollector } from "../lib/evaluate/evaluate_metrics.ts";
import { evaluationReport } from "../lib/evaluate/evaluate_report.ts";
import { EXPORT_SCHEMA, loadExportedModels } from "../lib/export/export_artifact.ts";
import { type GridRow, renderGridPng } from "../lib/render/image_grid.ts";
import { loadMnistSplit, MNIST_SCHEMA, scalePixels } from "../lib/mnist/mnist_artifact.ts";
import { MNIST_PIXELS } from "../lib/mnist/mnist_files.ts";
import { produceArtifact, type StageResult } from "../lib/store/produce_artifact.ts";
import { runStageAlone, type Stage, type StageContext } from "../lib/cli/stage_runner.ts";
import { runAllChunks } from "../lib/evaluate/parallel_passes.ts";

/** Images per chunk of passes (memory, not results: chunks are seeded by their number). */
const CHUNK = 1000;
/** Test digits in the figure, as in the Keras example's plot. */
const FIGURE_IMAGES = 10;

/** The evaluate stage. */
export const evaluateStage: Stage = {
  name: "evaluate",
  // --eval-seed is the name under `deno task all`, where --seed belongs to train.
  flags: {
    passes: { type: "string" },
    seed: { type: "string" },
    "eval-seed": { type: "string" },
    images: { type: "string" },
    // --workers says how, not what: the bytes are the same for 1 and 2, so it is not a param.
    workers: { type: "string" },
  },
  run: evaluate,
};

async function evaluate(flags: FlagValues, context: StageContext): Promise<StageResult> {
  const params = {
    passes: numberFlag(flags, "passes", { default: 100, min: 2, max: 100000, integer: true }),
    seed: numberFlag(flags, flags["eval-seed"] !== undefined ? "eval-seed" : "seed", {
      default: 1,
      min: 0,
      max: 2 ** 31 - 1,
      integer: true,
    }),
    images: numberFlag(flags, "images", { default: 10000, min: 1, max: 10000, integer: true }),
  };
  const workers = workersFlag(flags);
  const root = context.root;
  const exported = await openInput(root, EXPORT_SCHEMA, stringFlag(flags, "from"), {
    flag: "--from",
    makeCommand: "deno task export",
  });
  const mnist = await openRecordedInput(root, exported, MNIST_SCHEMA);
  const backend = await useBackend("wasm");
  return await produceArtifact({
    root,
    schema: "evaluate@1",
    params,
    inputs: [{ kind: "export", id: exported.manifest.id }, { kind: "mnist", id: mnist.manifest.id }],
    entry: import.meta.url,
    force: context.force,
    env: { ...backend, workers },
  }, async (tmpDir) => {
    const models = await loadExportedModels(exported);
    const test = await loadMnistSplit(mnist, "test");
    const images = Math.min(params.images, test.count);
    const collector = new EvaluationCollector(images, MNIST_PIXELS, FIGURE_IMAGES);
    const started = performance.now();
    await runAllChunks({
      models,
      exportDir: exported.dir,
      images: scalePixels(test.pixels),
      width: MNIST_PIXELS,
      count: images,
      chunkSize: CHUNK,
      passes: params.passes,
      seed: params.seed,
      workers,
    }, (result, pixels) => collector.add(result, pixels));
    const seconds = (performance.now() - started) / 1000;
    const metrics = collector.metrics(params.passes, params.seed, test.labels.subarray(0, images));
    if (metrics.epsilonZeroMaxAbs !== 0 || metrics.vaeVersusDecoderMaxAbs !== 0) {
      throw new Error(
        `exported VAE is inconsistent: |vae(x, ε=0) − decoder(z_mean)| = ${metrics.epsilonZeroMaxAbs}, ` +
          `|vae(x, ε) − decoder(z)| = ${metrics.vaeVersusDecoderMaxAbs}; both must be 0`,
      );
    }
    await Deno.writeTextFile(join(tmpDir, "metrics.json"), JSON.stringify(metrics, null, 2) + "\n");
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
    await Deno.writeTextFile(join(tmpDir, "report.md"), evaluationReport(metrics, exported.manifest.id));
    console.log(
      `${images} images × ${params.passes} passes in ${seconds.toFixed(1)} s on ${workers} thread(s) ` +
        `(${(images * params.passes / seconds).toFixed(0)} passes/s); single-pass RMS vs mean decode ` +
        `${metrics.singlePassRms.mean.toFixed(4)}, mean pixel variance ${
          metrics.pixelVariance.mean.toExponential(3)
        }`,
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

if (import.meta.main) await runStageAlone(evaluateStage);
