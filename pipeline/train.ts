/**
 * Stage 2, train: trains the Keras example's VAE on an `mnist` artifact and writes a
 * `model` artifact. Checkpoints after every epoch; rerunning the same command after a
 * crash or Ctrl-C resumes and ends with the same bytes as an uninterrupted run.
 *
 *   deno task train [--epochs 50] [--batch-size 128] [--latent-dim 32] [--hidden-dim 512]
 *                   [--lr 0.001] [--seed 1] [--backend wasm|cpu] [--from ID|RUN|PATH]
 *                   [--workers 1|2] [--force] [--artifacts DIR]
 *
 * Reads: artifacts/mnist/<id> (latest unless --from). Writes: artifacts/model/<id>/.
 */
import { join } from "node:path";
import { openInput } from "../lib/store/artifact_lookup.ts";
import { useBackend } from "../lib/runtime/backend.ts";
import { type FlagValues, stringFlag, workersFlag } from "../lib/cli/flags.ts";
import { historyCsv } from "../lib/train/history.ts";
import { lineChartSvg } from "../lib/render/line_chart.ts";
import { loadMnistSplit, MNIST_SCHEMA } from "../lib/mnist/mnist_artifact.ts";
import { MODEL_SCHEMA, WEIGHTS_BASE } from "../lib/train/model_artifact.ts";
import { svgToPng } from "../lib/render/png.ts";
import { ProgressReporter, stdoutSink } from "../lib/cli/progress.ts";
import { produceArtifact, type StageResult } from "../lib/store/produce_artifact.ts";
import { runStageAlone, type Stage, type StageContext } from "../lib/cli/stage_runner.ts";
import { trainVae } from "../lib/train/train_loop.ts";
import { TRAIN_PARAM_FLAGS, trainParamsFromFlags } from "../lib/train/train_params.ts";
import { writeWeights } from "../lib/model/weights_file.ts";

/** The train stage. */
export const trainStage: Stage = {
  name: "train",
  // --workers says how, not what: the bytes are the same for 1 and 2, so it is not a param.
  flags: { ...TRAIN_PARAM_FLAGS, workers: { type: "string" } },
  run: train,
};

async function train(flags: FlagValues, context: StageContext): Promise<StageResult> {
  const params = trainParamsFromFlags(flags);
  // The worker replica runs on wasm; on the cpu backend (a cross-check) everything stays here.
  const workers = params.backend === "cpu" ? 1 : workersFlag(flags);
  const root = context.root;
  const mnist = await openInput(root, MNIST_SCHEMA, stringFlag(flags, "from"), {
    flag: "--from",
    makeCommand: "deno task fetch-mnist",
  });
  const backend = await useBackend(params.backend);
  const result = await produceArtifact({
    root,
    schema: MODEL_SCHEMA,
    params: { ...params },
    inputs: [{ kind: "mnist", id: mnist.manifest.id }],
    entry: import.meta.url,
    force: context.force,
    env: { ...backend, workers },
  }, async (tmpDir, id) => {
    const train = await loadMnistSplit(mnist, "train");
    const test = await loadMnistSplit(mnist, "test");
    console.log(
      `training ${params.epochs} epochs on ${train.count} images (validation ${test.count}), ` +
        `batch ${params.batchSize}, seed ${params.seed}, backend ${backend.backend}, ${workers} thread(s)`,
    );
    const stepsPerEpoch = Math.ceil(train.count / params.batchSize);
    const result = await trainVae(params, train, test, {
      workers,
      checkpointDir: checkpointDir(root, id),
      progress: new ProgressReporter(stdoutSink(), params.epochs, stepsPerEpoch, params.batchSize),
      log: console.log,
    });
    await writeWeights(tmpDir, WEIGHTS_BASE, result.weights);
    await Deno.writeTextFile(join(tmpDir, "history.json"), JSON.stringify(result.history, null, 1) + "\n");
    await Deno.writeTextFile(join(tmpDir, "history.csv"), historyCsv(result.history));
    const epochs = result.history.map((row) => row.epoch);
    await Deno.writeFile(
      join(tmpDir, "loss_curve.png"),
      await svgToPng(lineChartSvg({
        title: `VAE loss per image (seed ${params.seed}, batch ${params.batchSize}, lr ${params.lr})`,
        xLabel: "epoch",
        yLabel: "loss (nats per image)",
        series: [
          {
            label: "train",
            color: "#1f77b4",
            points: result.history.map((r, i) => [epochs[i]!, r.trainLoss]),
          },
          {
            label: "validation",
            color: "#d62728",
            points: result.history.map((r, i) => [epochs[i]!, r.valLoss]),
          },
        ],
      })),
    );
    const last = result.history[result.history.length - 1]!;
    return {
      final: last,
      resumedAfterEpoch: result.resumedAfterEpoch,
      // Timings vary between identical runs, so they live here and not in hashed files.
      timing: result.timing,
    };
  });
  // The artifact is in place: its checkpoints are no longer needed.
  await Deno.remove(checkpointDir(root, result.manifest.id), { recursive: true }).catch(() => {});
  return result;
}

function checkpointDir(root: string, id: string): string {
  return join(root, "model", ".checkpoints", id);
}

if (import.meta.main) await runStageAlone(trainStage);
