/**
 * The `mnist` artifact: the four IDX files (full, or the first N records of each split),
 * and loading them as scaled pixels for the model.
 */
import { join } from "node:path";
import type { Artifact } from "./artifact_store.ts";
import { parseIdx } from "./idx.ts";
import { MNIST_FILES, MNIST_PIXELS } from "./mnist_files.ts";

/** Kind and format version of the `mnist` artifact. */
export const MNIST_SCHEMA = "mnist@1";

/** One split with pixels scaled to [0, 1] (x / 255, not binarized). */
export interface MnistSplit {
  count: number;
  /** count × 784 floats in [0, 1], row-major. */
  images: Float32Array;
  labels: Uint8Array;
}

/** Loads one split of a verified `mnist` artifact. */
export async function loadMnistSplit(
  artifact: Artifact,
  split: "train" | "test",
): Promise<MnistSplit> {
  const [imagesSpec, labelsSpec] = MNIST_FILES.filter((spec) => spec.split === split);
  const imagesPath = join(artifact.dir, imagesSpec!.name);
  const labelsPath = join(artifact.dir, labelsSpec!.name);
  const images = parseIdx(await Deno.readFile(imagesPath), imagesPath);
  const labels = parseIdx(await Deno.readFile(labelsPath), labelsPath);
  if (images.count !== labels.count) {
    throw new SyntaxError(
      `${artifact.dir}: ${images.count} ${split} images but ${labels.count} labels`,
    );
  }
  const scaled = new Float32Array(images.count * MNIST_PIXELS);
  for (let i = 0; i < scaled.length; i++) scaled[i] = images.data[i]! / 255;
  return { count: images.count, images: scaled, labels: labels.data };
}
