/**
 * The `model` artifact: trained weights in the TensorFlow.js weights format
 * (`weights.json` + `weights.bin`), the per-epoch loss history (`history.json`,
 * `history.csv`) and a loss-curve picture (`loss_curve.png`). Weights are finite numbers:
 * the writer refuses others, and the reader names them in one line (a diverged model stored
 * before training stopped at the first non-finite number).
 */
import { MNIST_PIXELS } from "../fetch_mnist/fetch_mnist_artifact.ts";
import { join } from "node:path";
import { paramsFromRecord } from "../../core/cli/params.ts";
import { type Artifact, MANIFEST_NAME } from "../../core/store/manifest.ts";
import { namedDir } from "../../core/store/artifact_read.ts";
import { paramsFromArrays, type VaeParams, type VaeShape } from "../../core/model/model_params.ts";
import { TRAIN_PARAMS, type TrainParams } from "./train_params.ts";
import { type NamedArray, readWeights, writeWeights } from "../../core/model/weights_file.ts";
import { firstNonFinite } from "./divergence.ts";

/** Kind and format version of the `model` artifact. */
export const MODEL_SCHEMA = "model@1";
/** Base name of the weight files inside the artifact. */
export const WEIGHTS_BASE = "weights";
/** Epochs of the full recipe (train's default, the Keras example's): fewer make a quick look. */
export const FULL_RECIPE_EPOCHS: number = TRAIN_PARAMS.epochs.default;

/** The train params a model artifact records, checked as the train stage declares them. */
export function modelTrainParams(artifact: Artifact): TrainParams {
  return paramsFromRecord(TRAIN_PARAMS, artifact.manifest.params, join(artifact.dir, MANIFEST_NAME));
}

/** The layer sizes a model artifact was trained with. */
export function modelShape(artifact: Artifact): VaeShape {
  const params = modelTrainParams(artifact);
  return { inputDim: MNIST_PIXELS, hiddenDim: params.hiddenDim, latentDim: params.latentDim };
}

/** Writes a model's weights into `dir`; an Error, and nothing written, when one is not finite. */
export async function writeModelWeights(dir: string, weights: NamedArray[]): Promise<void> {
  const bad = firstNonFinite(weights);
  if (bad !== undefined) {
    throw new Error(
      `model weights: ${bad.name} holds ${bad.value}; weights that are not finite are not written`,
    );
  }
  await writeWeights(dir, WEIGHTS_BASE, weights);
}

/**
 * Loads the trained weights of a verified `model` artifact as tensors; a SyntaxError naming
 * the artifact when a weight is not finite.
 */
export async function loadModelParams(artifact: Artifact): Promise<VaeParams> {
  const arrays = await readWeights(artifact.dir, WEIGHTS_BASE);
  const bad = firstNonFinite(arrays);
  if (bad !== undefined) {
    throw new SyntaxError(
      `${namedDir(artifact)}: weight ${bad.name} holds ${bad.value}: the training diverged; ` +
        `train again with a lower --lr`,
    );
  }
  return paramsFromArrays(arrays, modelShape(artifact), artifact.dir);
}
