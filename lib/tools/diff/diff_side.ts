/**
 * One side of a diff as a result: the setting that made it (every stage's params by flag),
 * the model it used, and the headline metrics it has. An evaluation whose whole lineage is
 * stored is measured as lib/tools/compare measures runs, so its setting keys the same
 * configuration as a sweep's runs; a model or export has its lineage's params and the final
 * validation loss.
 */
import { join } from "node:path";
import { measureEvaluation } from "../compare/measured_run.ts";
import type { Artifact } from "../../core/store/manifest.ts";
import { parseSchema } from "../../core/store/kinds.ts";
import { PIPELINE } from "../../stages/pipeline_order.ts";
import { readHistoryRows } from "./history_rows.ts";
import { type Lineage, readLineage } from "./lineage.ts";
import { HISTORY_FILE } from "./loss_curves.ts";
import { flagsOfParams } from "../compare/setting_flags.ts";

/** What one side of a diff is. */
export interface DiffSide {
  lineage: Lineage;
  /** Every param of its lineage by `deno task all` flag, seeds included. */
  setting: Record<string, string | number>;
  /** Whether `setting` has every stage's params (the side is an evaluation with its lineage). */
  complete: boolean;
  /** The model it is or was made from. */
  modelId?: string;
  /** The evaluation it is, if it is one. */
  evaluateId?: string;
  /** Headline metrics (lib/tools/compare HEADLINE_METRICS keys) it has. */
  metrics: Record<string, number>;
}

/** The side that `artifact` (the most downstream artifact compared) is. */
export async function describeSide(artifact: Artifact): Promise<DiffSide> {
  const lineage = await readLineage(artifact);
  const model = lineage.byKind.get("model");
  const kinds = PIPELINE.map((stage) => parseSchema(stage.schema).kind);
  const evaluation = lineage.byKind.get("evaluate");
  const base = {
    lineage,
    ...(model ? { modelId: model.manifest.id } : {}),
    ...(evaluation ? { evaluateId: evaluation.manifest.id } : {}),
  };
  if (evaluation && lineage.root !== undefined && kinds.every((kind) => lineage.byKind.has(kind))) {
    const measured = await measureEvaluation(lineage.root, evaluation.manifest.id);
    return { ...base, setting: measured.setting, complete: true, metrics: measured.metrics };
  }
  const setting: Record<string, string | number> = {};
  for (const kind of kinds) {
    const found = lineage.byKind.get(kind);
    if (found) Object.assign(setting, flagsOfParams(kind, found.manifest.params));
  }
  const metrics: Record<string, number> = {};
  if (model && model.manifest.files.some((f) => f.path === HISTORY_FILE)) {
    metrics.valLoss = (await readHistoryRows(join(model.dir, HISTORY_FILE))).at(-1)!.valLoss;
  }
  return { ...base, setting, complete: false, metrics };
}
