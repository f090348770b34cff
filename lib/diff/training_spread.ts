/**
 * The training-seed spread a diff side is judged against: how much a metric moves when only
 * the training seed changes, as sweeps under the side's root measured it. An evaluation's
 * complete setting is looked up as a configuration (lib/compare/seed_spread.ts); a model's
 * or an export's partial setting matches every sweep run that agrees on the flags it has,
 * and only the validation loss, which those flags alone determine, gets a spread.
 */
import { SEED_FLAGS, TRAINING_SEED_FLAG } from "../compare/measured_run.ts";
import { meanStd } from "../compare/mean_std.ts";
import { sweepRunsPerSeed, trainingSeedSpread } from "../compare/seed_spread.ts";
import type { DiffSide } from "./diff_side.ts";

/** A configuration's spread over training seeds. */
export interface TrainingSpread {
  /** Distinct training seeds measured. */
  n: number;
  seeds: (string | number)[];
  /** The sweeps whose runs measured it. */
  sweeps: string[];
  /** Per headline metric: the sample standard deviation over the seeds. */
  std: Record<string, number>;
  /** Per headline metric: the mean over the seeds. */
  mean: Record<string, number>;
}

/** The training-seed spread of `side`'s configuration; undefined when no sweep measured it. */
export async function trainingSpreadOf(
  side: DiffSide,
  warn: (line: string) => void = console.warn,
): Promise<TrainingSpread | undefined> {
  const root = side.lineage.root;
  // Without the data's params a partial setting would match runs on other data.
  if (root === undefined || !side.lineage.byKind.has("mnist") || !side.lineage.byKind.has("model")) {
    return undefined;
  }
  if (side.complete) {
    const spread = await trainingSeedSpread(root, side.setting, warn);
    if (spread === undefined) return undefined;
    const pick = (field: "std" | "mean") =>
      Object.fromEntries(Object.entries(spread.stats).map(([key, stats]) => [key, stats[field]]));
    return {
      n: spread.runs.length,
      seeds: spread.trainingSeeds,
      sweeps: spread.sweeps,
      std: pick("std"),
      mean: pick("mean"),
    };
  }
  const flags = Object.keys(side.setting).filter((flag) => !SEED_FLAGS.includes(flag));
  const { runs, sweeps } = await sweepRunsPerSeed(
    root,
    (run) => flags.every((flag) => String(run.setting[flag]) === String(side.setting[flag])),
    warn,
  );
  if (runs.length < 2) return undefined;
  const valLoss = meanStd(runs.map((run) => run.metrics.valLoss!));
  return {
    n: runs.length,
    seeds: runs.map((run) => run.setting[TRAINING_SEED_FLAG]!),
    sweeps,
    std: { valLoss: valLoss.std },
    mean: { valLoss: valLoss.mean },
  };
}
