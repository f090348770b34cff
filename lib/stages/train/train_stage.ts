/**
 * The train stage: trains the Keras example's VAE on an `mnist` artifact and writes a
 * `model` artifact (weights, loss history, loss curve as SVG and PNG), checkpointing after every epoch
 * so that a rerun after a crash resumes with the same bytes. Run by pipeline/train.ts.
 */
import { join } from "node:path";
import { openInput } from "../../core/store/reference.ts";
import { useBackend } from "../../core/runtime/backend.ts";
import { WORKERS_FLAG, type WorkersOption, workersOptionFromFlags } from "../../core/cli/workers_flag.ts";
import { writeHistory } from "./history.ts";
import { writeLossCurve } from "./loss_curve_chart.ts";
import { loadMnistSplit, MNIST_SCHEMA } from "../fetch_mnist/fetch_mnist_artifact.ts";
import { MODEL_SCHEMA, writeModelWeights } from "./train_artifact.ts";
import { ProgressReporter, stdoutSink } from "../../core/cli/progress.ts";
import { produceArtifact, type StageResult } from "../../core/store/produce_artifact.ts";
import type { Stage, StageContext } from "../../core/cli/stage.ts";
import { trainVae } from "./train_loop.ts";
import { TRAIN_PARAMS, type TrainParams } from "./train_params.ts";
import { paramsFromFlags } from "../../core/cli/params.ts";
import { assertNoLinksBelow } from "../../core/store/safe_paths.ts";

/** The train stage. */
export const trainStage: Stage<TrainParams, WorkersOption> = {
  name: "train",
  schema: MODEL_SCHEMA,
  params: TRAIN_PARAMS,
  options: WORKERS_FLAG,
  paramsFromFlags: (flags) => paramsFromFlags(TRAIN_PARAMS, flags),
  optionsFromFlags: workersOptionFromFlags,
  run: train,
};

async function train(params: TrainParams, context: StageContext<WorkersOption>): Promise<StageResult> {
  // The worker replica runs on wasm; on the cpu backend (a cross-check) everything stays here. On
  // native, --workers is the number of threads of the training step (lib/core/native/train_step.c), whose
  // bytes do not depend on it.
  const workers = params.backend === "cpu" ? 1 : context.options.workers;
  const root = context.root;
  const mnist = await openInput(context.inputRoot ?? root, MNIST_SCHEMA, context.from);
  const backend = await useBackend(params.backend);
  const engine = await context.engine.activate();
  const result = await produceArtifact({
    root,
    schema: MODEL_SCHEMA,
    params: { ...params },
    inputs: [{ kind: "mnist", id: mnist.manifest.id }],
    entry: import.meta.url,
    force: context.force,
    dryRun: context.dryRun,
    env: { ...backend, workers, ...engine },
    // The artifact is in place: the checkpoints this process trained from are no longer needed.
    // Removed under the artifact's lock, so never while another process trains it (--force), and
    // only through real directories of the root: a link there is left alone, never followed.
    afterWrite: async (id) => {
      const checkpoints = checkpointDir(root, id);
      if (await assertNoLinksBelow(root, checkpoints).then(() => true, () => false)) {
        await Deno.remove(checkpoints, { recursive: true }).catch(() => {});
      }
    },
  }, async (tmpDir, id) => {
    // Checkpoints are read back and removed: only inside the root, through real directories.
    await assertNoLinksBelow(root, checkpointDir(root, id));
    const train = await loadMnistSplit(mnist, "train");
    const test = await loadMnistSplit(mnist, "test");
    console.log(
      `training ${params.epochs} epochs on ${train.count} images (validation ${test.count}), ` +
        `batch ${params.batchSize}, seed ${params.seed}, backend ${backend.backend}, ` +
        (engine.openblas
          ? `engine native (${engine.openblas.corename}, the step on ${workers} thread(s))`
          : `${workers} thread(s)`),
    );
    const stepsPerEpoch = Math.ceil(train.count / params.batchSize);
    const progress = new ProgressReporter(stdoutSink(), params.epochs, stepsPerEpoch, params.batchSize);
    const result = await trainVae(params, train, test, {
      workers,
      engine: context.engine,
      checkpointDir: checkpointDir(root, id),
      progress,
      log: console.log,
    }).catch((e) => {
      // Ends a live progress line, so that the error line that follows has a line of its own.
      progress.epochDone("training stopped");
      throw e;
    });
    await writeModelWeights(tmpDir, result.weights);
    await writeHistory(tmpDir, result.history);
    await writeLossCurve(tmpDir, result.history, params);
    const last = result.history[result.history.length - 1]!;
    return {
      final: last,
      resumedAfterEpoch: result.resumedAfterEpoch,
      // Timings vary between identical runs, so they live here and not in hashed files.
      timing: result.timing,
    };
  });
  return result;
}

function checkpointDir(root: string, id: string): string {
  return join(root, "model", ".checkpoints", id);
}
