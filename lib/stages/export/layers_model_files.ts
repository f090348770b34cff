/**
 * Saving and loading TensorFlow.js LayersModels as files on disk (`model.json` plus one
 * weights shard), the layout `tf.loadLayersModel` reads over HTTP in a browser. tfjs itself
 * only ships a file:// handler in tfjs-node, so these two small IO handlers do that job.
 */
import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { modelJsonSchema, parseOrThrow } from "../../core/store/manifest_schema.ts";
import { readSmallTextFile } from "../../core/store/safe_paths.ts";

/** Saves `model` into `dir` as `model.json` and `weights.bin`. */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const weightData = artifacts.weightData;
    if (weightData === undefined || artifacts.weightSpecs === undefined) {
      throw new Error(`saveLayersModel(${dir}): the model has no weights`);
    }
    const bytes = new Uint8Array(
      Array.isArray(weightData) ? tf.io.concatenateArrayBuffers(weightData) : weightData,
    );
    const modelJson = {
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy ?? null,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ["weights.bin"], weights: artifacts.weightSpecs }],
    };
    await Deno.writeTextFile(join(dir, "model.json"), JSON.stringify(modelJson) + "\n");
    await Deno.writeFile(join(dir, "weights.bin"), bytes);
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: "JSON" } };
  }));
}

/** Loads a LayersModel that {@link saveLayersModel} (or the tfjs converter) wrote into `dir`. */
export async function loadLayersModelFromDir(dir: string): Promise<tf.LayersModel> {
  const modelPath = join(dir, "model.json");
  return await tf.loadLayersModel({
    load: async () => {
      const modelJson = parseOrThrow(
        modelJsonSchema,
        JSON.parse(await readSmallTextFile(modelPath)),
        modelPath,
      );
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: ArrayBuffer[] = [];
      for (const group of modelJson.weightsManifest) {
        specs.push(...group.weights);
        // Each shard is a file next to model.json or below it: the schema refuses any other path.
        for (const path of group.paths) {
          const bytes = await Deno.readFile(join(dir, path));
          buffers.push(
            bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
          );
        }
      }
      return {
        modelTopology: modelJson.modelTopology,
        weightSpecs: specs,
        weightData: tf.io.concatenateArrayBuffers(buffers),
        format: modelJson.format,
        generatedBy: modelJson.generatedBy,
        convertedBy: modelJson.convertedBy,
      };
    },
  });
}
