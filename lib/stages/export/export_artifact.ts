/**
 * The `export` artifact: `encoder/`, `decoder/` and `vae/` (each `model.json` +
 * `weights.bin`, loadable with tf.loadLayersModel) and `export.json` describing how to
 * use them.
 */
import { join } from "node:path";
import type { Artifact } from "../../core/store/manifest.ts";
import type { KerasModels } from "../../core/model/keras_models.ts";
import { loadLayersModelFromDir } from "./layers_model_files.ts";
import "../../core/model/sampling_layer.ts"; // registers the Sampling layer that vae/model.json uses

/** Kind and format version of the `export` artifact. */
export const EXPORT_SCHEMA = "export@1";
/** The model directories inside the artifact. */
export const EXPORTED_MODELS = ["encoder", "decoder", "vae"] as const;

/** Contents of export.json. */
export interface ExportDescription {
  sourceModel: string;
  inputDim: number;
  latentDim: number;
  hiddenDim: number;
  pixelScaling: string;
  models: Record<
    (typeof EXPORTED_MODELS)[number],
    { inputs: Record<string, number[]>; outputs: Record<string, number[]> }
  >;
  sampling: string;
  customLayers: Record<string, string>;
}

/** Loads the three models of a verified `export` artifact. */
export async function loadExportedModels(artifact: Pick<Artifact, "dir">): Promise<KerasModels> {
  const [encoder, decoder, vae] = await Promise.all(
    EXPORTED_MODELS.map((name) => loadLayersModelFromDir(join(artifact.dir, name))),
  );
  return { encoder: encoder!, decoder: decoder!, vae: vae! };
}

/** export.json's text for these sizes. */
export function describeExport(
  sourceModel: string,
  inputDim: number,
  hiddenDim: number,
  latentDim: number,
): ExportDescription {
  return {
    sourceModel,
    inputDim,
    latentDim,
    hiddenDim,
    pixelScaling:
      "x = pixel / 255 (floats in [0, 1], not binarized), 28×28 images flattened row-major to 784",
    models: {
      encoder: {
        inputs: { x: [-1, inputDim] },
        outputs: { z_mean: [-1, latentDim], z_log_var: [-1, latentDim] },
      },
      decoder: { inputs: { z: [-1, latentDim] }, outputs: { x_hat: [-1, inputDim] } },
      vae: { inputs: { x: [-1, inputDim], epsilon: [-1, latentDim] }, outputs: { x_hat: [-1, inputDim] } },
    },
    sampling:
      "z = z_mean + exp(0.5 * z_log_var) * epsilon with epsilon ~ N(0, I); epsilon = 0 gives decoder(z_mean), the mean decode",
    customLayers: {
      Sampling:
        "vae/model.json only: register a layer class named 'Sampling' whose call([zMean, zLogVar, eps]) returns zMean + exp(0.5 * zLogVar) * eps (lib/core/model/sampling_layer.ts)",
    },
  };
}
