/**
 * The `model` artifact: trained weights in the TensorFlow.js weights format
 * (`weights.json` + `weights.bin`), the per-epoch loss history (`history.json`,
 * `history.csv`) and a loss-curve picture (`loss_curve.png`).
 */
import { join } from "node:path";
import { paramsFromRecord } from "../cli/params.ts";
import { type Artifact, MANIFEST_NAME } from "../store/artifact_store.ts";
import { MNIST_PIXELS } from "../mnist/mnist_files.ts";
import { paramsFromArrays, type VaeParams, type VaeShape } from "../model/model_params.ts";
import { TRAIN_PARAMS, type TrainParams } from "./train_params.ts";
import { readWeights } from "../model/weights_file.ts";

/** Kind and format version of the `model` artifact. */
export const MODEL_SCHEMA = "model@1";
/** Base name of the weight files inside the artifact. */
export const WEIGHTS_BASE = "weights";

/** The train params a model artifact records, checked as the train stage declares them. */
export function modelTrainParams(artifact: Artifact): TrainParams {
  return paramsFromRecord(TRAIN_PARAMS, artifact.manifest.params, join(artifact.dir, MANIFEST_NAME));
}

/** The layer sizes a model artifact was trained with. */
export function modelShape(artifact: Artifact): VaeShape {
  const params = modelTrainParams(artifact);
  return { inputDim: MNIST_PIXELS, hiddenDim: params.hiddenDim, latentDim: params.latentDim };
}

/** Loads the trained weights of a verified `model` artifact as tensors. */
export async function loadModelParams(artifact: Artifact): Promise<VaeParams> {
  return paramsFromArrays(await readWeights(artifact.dir, WEIGHTS_BASE), modelShape(artifact), artifact.dir);
}
