/**
 * The `mnist` artifact: the four IDX files (full, or the first N records of each split),
 * and loading them: raw pixel bytes, scaled to [0, 1] (x / 255) where the model needs them.
 */
import { join } from "node:path";
import type { Artifact } from "../../core/store/manifest.ts";
import { namedDir } from "../../core/store/artifact_read.ts";
import { IDX_LABELS_HEADER_BYTES, idxCount, parseIdx } from "./idx.ts";
import { MNIST_FILES, MNIST_PIXELS } from "./mnist_files.ts";

/** The pinned facts other stages read about an mnist artifact's images and files. */
export { MNIST_FILES, MNIST_PIXELS };

/** Kind and format version of the `mnist` artifact. */
export const MNIST_SCHEMA = "mnist@1";

/** One split as stored: pixel bytes 0–255 (a quarter of the memory of floats) and labels. */
export interface MnistSplit {
  count: number;
  /** count × 784 bytes, row-major; {@link scalePixels} gives the model's inputs. */
  pixels: Uint8Array;
  labels: Uint8Array;
}

/** The model's input for each pixel byte: SCALED_PIXEL[v] = v / 255 in float32 (a lookup is faster than dividing). */
export const SCALED_PIXEL: Float32Array = Float32Array.from({ length: 256 }, (_, v) => v / 255);

/**
 * Pixel bytes as the model's inputs: x / 255 in float32, not binarized; written into the start
 * of `into` when given (and that part returned).
 *
 * @example
 * ```ts
 * import { scalePixels } from "./fetch_mnist_artifact.ts";
 * scalePixels(new Uint8Array([0, 255]))[1]; // 1
 * ```
 */
export function scalePixels(
  pixels: Uint8Array,
  into: Float32Array = new Float32Array(pixels.length),
): Float32Array {
  const scaled = into.subarray(0, pixels.length);
  for (let i = 0; i < pixels.length; i++) scaled[i] = SCALED_PIXEL[pixels[i]!]!;
  return scaled;
}

/**
 * The number of images in one split of a verified `mnist` artifact, from its IDX header alone
 * (its first 8 bytes): for deciding how to run before loading the pixels.
 */
export async function mnistSplitCount(artifact: Artifact, split: "train" | "test"): Promise<number> {
  const path = join(artifact.dir, MNIST_FILES.find((spec) => spec.split === split)!.name);
  const file = await Deno.open(path);
  try {
    const header = new Uint8Array(IDX_LABELS_HEADER_BYTES);
    let read = 0;
    while (read < header.length) {
      const n = await file.read(header.subarray(read));
      if (n === null) break;
      read += n;
    }
    return idxCount(header.subarray(0, read), path);
  } finally {
    file.close();
  }
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
      `${namedDir(artifact)}: ${images.count} ${split} images but ${labels.count} labels`,
    );
  }
  return {
    count: images.count,
    pixels: images.data.subarray(0, images.count * MNIST_PIXELS),
    labels: labels.data,
  };
}
