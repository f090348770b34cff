/**
 * Runs grouped into configurations: runs whose settings differ only in their seeds (training
 * and evaluation) are one configuration, summarised per metric as mean ± std over them and
 * the 95 % interval of the mean (Student t, n − 1 degrees of freedom).
 */
import {
  configurationKey,
  HEADLINE_METRICS,
  type MeasuredRun,
  SEED_FLAGS,
  TRAINING_SEED_FLAG,
} from "./measured_run.ts";
import { type MeanInterval, meanInterval } from "../../core/stats/mean_interval.ts";

/** One configuration and its runs. */
export interface Configuration {
  /** The setting without seeds. */
  setting: Record<string, string | number>;
  runs: MeasuredRun[];
  /** The training seeds of its runs, in run order. */
  trainingSeeds: (string | number)[];
  /** Per metric key: mean ± std over the runs and the 95 % interval of the mean. */
  stats: Record<string, MeanInterval>;
}

/** The configurations of some runs and the flags whose values differ between them. */
export interface Grouping {
  configurations: Configuration[];
  /** Non-seed flags that vary across configurations, in flag order of the first run. */
  varying: string[];
}

/**
 * Groups `runs` into configurations, in order of first appearance. A run listed twice (the
 * same evaluation artifact) counts once.
 */
export function groupConfigurations(runs: readonly MeasuredRun[]): Grouping {
  const byKey = new Map<string, MeasuredRun[]>();
  const seen = new Set<string>();
  for (const run of runs) {
    if (seen.has(run.evaluateId)) continue;
    seen.add(run.evaluateId);
    const key = configurationKey(run.setting);
    byKey.set(key, [...(byKey.get(key) ?? []), run]);
  }
  const configurations = [...byKey.values()].map((members) => ({
    setting: Object.fromEntries(
      Object.entries(members[0]!.setting).filter(([flag]) => !SEED_FLAGS.includes(flag)),
    ),
    runs: members,
    trainingSeeds: members.map((run) => run.setting[TRAINING_SEED_FLAG]!),
    stats: Object.fromEntries(
      HEADLINE_METRICS.map((
        metric,
      ) => [metric.key, meanInterval(members.map((run) => run.metrics[metric.key]!))]),
    ),
  }));
  const flags = [...new Set(configurations.flatMap((c) => Object.keys(c.setting)))];
  const varying = flags.filter((flag) =>
    new Set(configurations.map((c) => JSON.stringify(c.setting[flag] ?? null))).size > 1
  );
  return { configurations, varying };
}
