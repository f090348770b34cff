/**
 * The training-seed spread a diff side is judged against: how much a metric moves when only
 * the training seed changes, as sweeps under the side's root measured it, over runs other
 * than the ones compared (a spread estimated from the two runs it judges would judge them
 * against themselves). An evaluation's complete setting is looked up as a configuration; a
 * model's or an export's partial setting matches every sweep run that agrees on the flags it
 * has, and only the validation loss, which those flags alone determine, gets a spread.
 */
import {
  configurationKey,
  HEADLINE_METRICS,
  type MeasuredRun,
  SEED_FLAGS,
  TRAINING_SEED_FLAG,
} from "../compare/measured_run.ts";
import { MIN_RUNS_TO_JUDGE } from "../compare/baseline.ts";
import { meanStd } from "../compare/mean_std.ts";
import { flagsOfParams } from "../compare/setting_flags.ts";
import { sweepRunsPerSeed } from "../compare/seed_spread.ts";
import type { DiffSide } from "./diff_side.ts";

/** A configuration's spread over training seeds. */
export interface TrainingSpread {
  /** Distinct training seeds measured (the runs compared not among them). */
  n: number;
  seeds: (string | number)[];
  /** The sweeps whose runs measured it. */
  sweeps: string[];
  /** Per headline metric: the sample standard deviation over the seeds (0: every seed gave the same value). */
  std: Record<string, number>;
  /** Per headline metric: the mean over the seeds. */
  mean: Record<string, number>;
  /** Training seeds of the configuration that sweeps ran but that were left out as the runs compared. */
  leftOut: number;
}

/**
 * What the lookup found: the spread when {@link MIN_RUNS_TO_JUDGE} (3) or more other seeds
 * are left, as compare needs per side to judge, and how many were left out.
 */
export interface SpreadLookup {
  spread?: TrainingSpread;
  /** Training seeds of the configuration left out because they are the runs compared. */
  leftOut: number;
  /** Training seeds of the configuration besides those (fewer than 3: too few seeds to judge, no spread). */
  others: number;
}

/** The flags that made `side`'s model (data and training params, seed included). */
function trainingFlags(side: DiffSide): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const kind of ["mnist", "model"]) {
    const artifact = side.lineage.byKind.get(kind);
    if (artifact) Object.assign(out, flagsOfParams(kind, artifact.manifest.params));
  }
  return out;
}

/**
 * Whether `run` is one of the trainings `compared`: the same model artifact, or a run with
 * the same data and training params, seed included (a rerun of the same training elsewhere).
 */
export function isComparedTraining(run: MeasuredRun, compared: readonly DiffSide[]): boolean {
  return compared.some((side) => {
    if (side.modelId !== undefined && run.modelId === side.modelId) return true;
    const flags = Object.entries(trainingFlags(side));
    return flags.length > 0 && flags.every(([flag, value]) => String(run.setting[flag]) === String(value));
  });
}

/**
 * The training-seed spread of `side`'s configuration, over the sweep runs under its root
 * that are not the trainings `compared` (both sides of the diff).
 */
export async function trainingSpreadOf(
  side: DiffSide,
  compared: readonly DiffSide[],
  warn: (line: string) => void = console.warn,
): Promise<SpreadLookup> {
  const root = side.lineage.root;
  // Without the data's params a partial setting would match runs on other data.
  if (root === undefined || !side.lineage.byKind.has("mnist") || !side.lineage.byKind.has("model")) {
    return { leftOut: 0, others: 0 };
  }
  const key = configurationKey(side.setting);
  const flags = Object.keys(side.setting).filter((flag) => !SEED_FLAGS.includes(flag));
  const matches = side.complete
    ? (run: MeasuredRun) => configurationKey(run.setting) === key
    : (run: MeasuredRun) => flags.every((flag) => String(run.setting[flag]) === String(side.setting[flag]));
  const { runs, sweeps, leftOut } = await sweepRunsPerSeed(
    root,
    matches,
    warn,
    (run) => isComparedTraining(run, compared),
  );
  // The rule compare's --baseline applies per side: a σ from fewer seeds says too little.
  if (runs.length < MIN_RUNS_TO_JUDGE) return { leftOut, others: runs.length };
  const keys = side.complete ? HEADLINE_METRICS.map((m) => m.key) : ["valLoss"];
  const stats = Object.fromEntries(keys.map((k) => [k, meanStd(runs.map((run) => run.metrics[k]!))]));
  return {
    spread: {
      n: runs.length,
      seeds: runs.map((run) => run.setting[TRAINING_SEED_FLAG]!),
      sweeps,
      std: Object.fromEntries(keys.map((k) => [k, stats[k]!.std])),
      mean: Object.fromEntries(keys.map((k) => [k, stats[k]!.mean])),
      leftOut,
    },
    leftOut,
    others: runs.length,
  };
}
