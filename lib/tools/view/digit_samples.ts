/**
 * The test digits the explorer offers: the first N test images of an mnist artifact, as
 * JSON (pixels 0–255, row-major 28 × 28, and labels).
 */
import { artifactDir, readArtifact } from "../../core/store/artifact_read.ts";
import { isArtifactId } from "../../core/store/ids.ts";
import { loadMnistSplit, MNIST_SCHEMA } from "../../stages/fetch_mnist/fetch_mnist_artifact.ts";

/** The most digits one request may ask for. */
export const MAX_DIGITS = 1000;

/** What /data/digits/<mnist-id> answers. */
export interface TestDigits {
  mnistId: string;
  count: number;
  labels: number[];
  pixels: number[][];
}

/** The first `count` test digits of mnist artifact `id` under `root`; undefined for a bad id. */
export async function testDigits(root: string, id: string, count: number): Promise<TestDigits | undefined> {
  if (!isArtifactId(id)) return undefined;
  const mnist = await readArtifact(artifactDir(root, "mnist", id), { root, schema: MNIST_SCHEMA });
  const test = await loadMnistSplit(mnist, "test");
  const n = Math.max(1, Math.min(count, MAX_DIGITS, test.count));
  const width = test.pixels.length / test.count;
  return {
    mnistId: id,
    count: n,
    labels: [...test.labels.subarray(0, n)],
    pixels: Array.from({ length: n }, (_, i) => [...test.pixels.subarray(i * width, (i + 1) * width)]),
  };
}
