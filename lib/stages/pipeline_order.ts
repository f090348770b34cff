/**
 * The pipeline's stages in order: fetch-mnist → train → export → evaluate. What `deno task
 * all` runs and what `deno task verify` can rerun.
 */
import type { AnyStage } from "../core/cli/stage.ts";
import { evaluateStage } from "./evaluate/evaluate_stage.ts";
import { exportStage } from "./export/export_stage.ts";
import { fetchMnistStage } from "./fetch_mnist/fetch_mnist_stage.ts";
import { trainStage } from "./train/train_stage.ts";

/** The stages, in the order they run. */
export const PIPELINE: readonly AnyStage[] = [fetchMnistStage, trainStage, exportStage, evaluateStage];

/** The stage called `name`, if any. */
export function stageNamed(name: string): AnyStage | undefined {
  return PIPELINE.find((stage) => stage.name === name);
}
