/**
 * The export's own check, run on what it just wrote: the three models reloaded from disk must
 * reproduce the trained weights' forward pass exactly (every difference 0) on every test image
 * of the `mnist` artifact, with one fixed ε; anything else throws, and nothing is published.
 */
import * as tf from "@tensorflow/tfjs";
import type { VaeParams } from "../../core/model/model_params.ts";
import { streamSeed } from "../../core/model/rng_streams.ts";
import type { Artifact } from "../../core/store/manifest.ts";
import { loadMnistSplit, MNIST_PIXELS, scalePixels } from "../fetch_mnist/fetch_mnist_artifact.ts";
import { loadExportedModels } from "./export_artifact.ts";
import { type ExportDifferences, exportDifferences } from "./export_check.ts";

/** What the check found: the test images compared and the largest |Δ| of each output (all 0). */
export interface ReloadCheck {
  images: number;
  differences: ExportDifferences;
}

/**
 * Reloads the models written in `dir` and compares them with `params` (latent size
 * `latentDim`) on the test images of `mnist`; throws one line with every difference unless
 * all are 0.
 */
export async function checkReloadedExport(
  dir: string,
  params: VaeParams,
  latentDim: number,
  mnist: Artifact,
): Promise<ReloadCheck> {
  const reloaded = await loadExportedModels({ dir });
  const test = await loadMnistSplit(mnist, "test");
  const x = tf.tensor2d(scalePixels(test.pixels), [test.count, MNIST_PIXELS]);
  const eps = tf.randomNormal(
    [test.count, latentDim],
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
  return { images: test.count, differences };
}
