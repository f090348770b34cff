/**
 * Whether an evaluation is a quick look: made from a shortened run (fewer epochs, fewer
 * training or test images, fewer passes than the full recipe), decided from the params its
 * artifacts record, never from a flag the user could forget. Its numbers are not the
 * reproduction's, and report.md and the end of a run say so.
 */
import type { Artifact } from "../../core/store/manifest.ts";
import { MNIST_FILES, mnistSplitCount } from "../fetch_mnist/fetch_mnist_artifact.ts";
import { FULL_RECIPE_EPOCHS, modelTrainParams } from "../train/train_artifact.ts";

/** How big a run was: what a shortened run has less of. */
export interface RunSize {
  /** Epochs the model was trained for. */
  epochs: number;
  /** Training images it was trained on. */
  trainImages: number;
  /** Test images evaluated. */
  testImages: number;
  /** Stochastic passes per test image. */
  passes: number;
}

/**
 * The full recipe, the one whose numbers the reproduction reports: train's default epochs,
 * every MNIST image, and evaluate's default 100 passes (its declared default, checked by a test).
 */
export const FULL_RUN: RunSize = {
  epochs: FULL_RECIPE_EPOCHS,
  trainImages: MNIST_FILES.find((file) => file.split === "train")!.count,
  testImages: MNIST_FILES.find((file) => file.split === "test")!.count,
  passes: 100,
};

/**
 * What `made` has less of than `full`, one phrase each ("3 of 50 epochs"); empty for a run
 * of the full recipe (or a longer one).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FULL_RUN, shortenedBy } from "./quick_look.ts";
 * assert.deepEqual(shortenedBy(FULL_RUN), []);
 * assert.deepEqual(shortenedBy({ ...FULL_RUN, epochs: 3 }), ["3 of 50 epochs"]);
 * ```
 */
export function shortenedBy(made: RunSize, full: RunSize = FULL_RUN): string[] {
  const n = (value: number) => value.toLocaleString("en-US");
  const parts: [keyof RunSize, string][] = [
    ["epochs", "epochs"],
    ["trainImages", "training images"],
    ["testImages", "test images"],
    ["passes", "passes"],
  ];
  return parts.filter(([key]) => made[key] < full[key]).map(([key, what]) =>
    `${n(made[key])} of ${n(full[key])} ${what}`
  );
}

/**
 * The quick-look note for a run shortened by `parts` (from {@link shortenedBy}), one line of
 * markdown; undefined for a full run.
 */
export function quickLookNote(parts: string[]): string | undefined {
  if (parts.length === 0) return undefined;
  return `**A quick look, not the reproduction.** This evaluation comes from a shortened run ` +
    `(${parts.join(", ")}); its numbers are not the reproduction's. \`deno task all\` runs the full recipe.`;
}

/**
 * The size of an evaluation of `images` test images × `passes` passes of a model trained on
 * the verified `mnist` artifact: epochs from the model's recorded params, training images
 * from the mnist artifact's own files.
 */
export async function runSizeOf(
  model: Artifact,
  mnist: Artifact,
  evaluation: { images: number; passes: number },
): Promise<RunSize> {
  return {
    epochs: modelTrainParams(model).epochs,
    trainImages: await mnistSplitCount(mnist, "train"),
    testImages: evaluation.images,
    passes: evaluation.passes,
  };
}
