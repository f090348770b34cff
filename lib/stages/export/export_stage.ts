/**
 * The export stage: turns a `model` artifact into TensorFlow.js LayersModels (encoder,
 * decoder, and the VAE with ε as an explicit input), reloads each from disk and checks that
 * it reproduces the trained weights' own forward pass exactly. Run by pipeline/export.ts.
 */
import { join } from "node:path";
import { openInput, openRecordedInput } from "../../core/store/reference.ts";
import { useBackend } from "../../core/runtime/backend.ts";
import { engineNamed } from "../../core/engine/engine.ts";
import { checkReloadedExport } from "./reload_check.ts";
import { EXPORT_PARAMS, type ExportOptions, type ExportParams } from "./export_params.ts";
import { describeExport, EXPORT_SCHEMA, EXPORTED_MODELS } from "./export_artifact.ts";
import { buildKerasModels } from "../../core/model/keras_models.ts";
import { saveLayersModel } from "./layers_model_files.ts";
import { MNIST_SCHEMA } from "../fetch_mnist/fetch_mnist_artifact.ts";
import { loadModelParams, MODEL_SCHEMA, modelShape } from "../train/train_artifact.ts";
import { produceArtifact, type StageResult } from "../../core/store/produce_artifact.ts";
import type { Stage, StageContext } from "../../core/cli/stage.ts";

/** The export stage: no params, no options. */
export const exportStage: Stage<ExportParams, ExportOptions> = {
  name: "export",
  schema: EXPORT_SCHEMA,
  params: EXPORT_PARAMS,
  options: {},
  paramsFromFlags: () => ({}),
  optionsFromFlags: () => ({}),
  run: exportModels,
};

async function exportModels(
  _params: ExportParams,
  context: StageContext<ExportOptions>,
): Promise<StageResult> {
  const root = context.root;
  const model = await openInput(context.inputRoot ?? root, MODEL_SCHEMA, context.from);
  const mnist = await openRecordedInput(context.inputRoot ?? root, model, MNIST_SCHEMA);
  const backend = await useBackend("wasm");
  // The reload check compares the exported models with the weights on the portable engine.
  await engineNamed("wasm").activate();
  const shape = modelShape(model);
  return await produceArtifact({
    root,
    schema: EXPORT_SCHEMA,
    params: {},
    inputs: [{ kind: "model", id: model.manifest.id }, { kind: "mnist", id: mnist.manifest.id }],
    entry: import.meta.url,
    force: context.force,
    dryRun: context.dryRun,
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
    const check = await checkReloadedExport(tmpDir, params, shape.latentDim, mnist);
    console.log(
      `reloaded encoder, decoder and vae reproduce the trained model exactly on ${check.images} test images`,
    );
    return { verifiedOnTestImages: check.images, maxAbsDifference: check.differences };
  });
}
