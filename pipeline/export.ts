/**
 * Stage 3, export: turns a `model` artifact into deployable TensorFlow.js LayersModels
 * (encoder, decoder, and the VAE with ε as an explicit input), reloads each from disk and
 * checks it reproduces the trained weights' own forward pass exactly on the test images.
 *
 *   deno task export [--from ID|RUN|PATH] [--force] [--artifacts DIR]
 *
 * Reads: artifacts/model/<id> (latest unless --from) and the mnist artifact it was trained
 * on. Writes: artifacts/export/<id>/{encoder,decoder,vae}/model.json + weights.bin, export.json.
 */
import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { openInput, openRecordedInput } from "../lib/store/artifact_lookup.ts";
import { useBackend } from "../lib/runtime/backend.ts";
import { type FlagValues, stringFlag } from "../lib/cli/flags.ts";
import { exportDifferences } from "../lib/export/export_check.ts";
import {
  describeExport,
  EXPORT_SCHEMA,
  EXPORTED_MODELS,
  loadExportedModels,
} from "../lib/export/export_artifact.ts";
import { buildKerasModels } from "../lib/model/keras_models.ts";
import { saveLayersModel } from "../lib/export/layers_model_files.ts";
import { loadMnistSplit, MNIST_SCHEMA, scalePixels } from "../lib/mnist/mnist_artifact.ts";
import { MNIST_PIXELS } from "../lib/mnist/mnist_files.ts";
import { loadModelParams, MODEL_SCHEMA, modelShape } from "../lib/train/model_artifact.ts";
import { streamSeed } from "../lib/model/rng_streams.ts";
import { produceArtifact, type StageResult } from "../lib/store/produce_artifact.ts";
import { runStageAlone, type Stage, type StageContext } from "../lib/cli/stage_runner.ts";

/** The export stage. */
export const exportStage: Stage = { name: "export", flags: {}, run: exportModels };

async function exportModels(flags: FlagValues, context: StageContext): Promise<StageResult> {
  const root = context.root;
  const model = await openInput(root, MODEL_SCHEMA, stringFlag(flags, "from"), {
    flag: "--from",
    makeCommand: "deno task train",
  });
  const mnist = await openRecordedInput(root, model, MNIST_SCHEMA);
  const backend = await useBackend("wasm");
  const shape = modelShape(model);
  return await produceArtifact({
    root,
    schema: EXPORT_SCHEMA,
    params: {},
    inputs: [{ kind: "model", id: model.manifest.id }, { kind: "mnist", id: mnist.manifest.id }],
    entry: import.meta.url,
    force: context.force,
    env: backend,
  }, async (tmpDir) => {
    const params = await loadModelParams(model);
    const built = buildKerasModels(params, shape);
    for (const name of EXPORTED_MODELS) {
      await Deno.mkdir(join(tmpDir, name));
      await saveLayersModel(built[name], join(tmpDir, name));
    }
    const description = describeExport(model.manifest.id, shape.inputDim, shape.hiddenDim, shape.latentDim);
    await Deno.writeTextFile(join(tmpDir, "export.json"), JSON.stringify(description, null, 2) + "\n");
    // Reload what was written and compare with the trained weights' own forward pass.
    const reloaded = await loadExportedModels({ dir: tmpDir });
    const test = await loadMnistSplit(mnist, "test");
    const x = tf.tensor2d(scalePixels(test.pixels), [test.count, MNIST_PIXELS]);
    const eps = tf.randomNormal(
      [test.count, shape.latentDim],
      0,
      1,
      "float32",
      streamSeed(0, "export-check"),
    ) as tf.Tensor2D;
    const differences = exportDifferences(reloaded, params, x, eps);
    const worst = Math.max(...Object.values(differences));
    if (worst !== 0) {
      throw new Error(
        `reloaded models differ from the trained weights' forward pass (max |Δ| ${worst}): ${
          JSON.stringify(differences)
        }`,
      );
    }
    console.log(
      `reloaded encoder, decoder and vae reproduce the trained model exactly on ${test.count} test images`,
    );
    return { verifiedOnTestImages: test.count, maxAbsDifference: differences };
  });
}

if (import.meta.main) await runStageAlone(exportStage);
