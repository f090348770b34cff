/**
 * The training-seed spread of a configuration, as the sweeps under an artifact root measured
 * it: the runs of finished sweep cells whose setting equals the configuration but for its
 * seeds, at least two distinct training seeds. What `diff` states a metric's change against;
 * it leaves out the very runs it compares ({@link sweepRunsPerSeed}'s `leaveOut`).
 */
import { readSweepRecords } from "../../core/store/sweep_record.ts";
import { type Configuration, groupConfigurations } from "./configurations.ts";
import { configurationKey, type MeasuredRun, measureRun, TRAINING_SEED_FLAG } from "./measured_run.ts";

/** A configuration measured over two or more training seeds, and the sweeps that measured it. */
export interface SeedSpread extends Configuration {
  sweeps: string[];
}

/**
 * The runs of finished sweep cells under `root` that `matches` accepts, one per training seed
 * (a cell shared by several sweeps counts once), and the sweeps they came from; a matching run
 * that `leaveOut` names is not taken, only counted (`leftOut`, one per training seed).
 * Unreadable runs are skipped with one line to `warn`.
 */
export async function sweepRunsPerSeed(
  root: string,
  matches: (run: MeasuredRun) => boolean,
  warn: (line: string) => void = console.warn,
  leaveOut: (run: MeasuredRun) => boolean = () => false,
): Promise<{ runs: MeasuredRun[]; sweeps: string[]; leftOut: number }> {
  const runs: MeasuredRun[] = [];
  const sweeps = new Set<string>();
  const leftOutSeeds = new Set<string>();
  for (const sweep of await readSweepRecords(root, warn)) {
    for (const cell of sweep.cells) {
      if (cell.status !== "ok" || cell.runId === undefined) continue;
      let run: MeasuredRun;
      try {
        run = await measureRun(root, cell.runId);
      } catch (e) {
        warn(`sweep ${sweep.id} cell ${cell.index}: skipped: ${(e as Error).message}`);
        continue;
      }
      if (!matches(run)) continue;
      if (leaveOut(run)) {
        leftOutSeeds.add(String(run.setting[TRAINING_SEED_FLAG]));
        continue;
      }
      if (runs.some((r) => r.setting[TRAINING_SEED_FLAG] === run.setting[TRAINING_SEED_FLAG])) continue;
      runs.push(run);
      sweeps.add(sweep.id);
    }
  }
  return { runs, sweeps: [...sweeps], leftOut: leftOutSeeds.size };
}

/**
 * The spread over training seeds of the configuration of `setting` (seeds ignored), from
 * every sweep under `root`; undefined when no sweep ran it with two or more training seeds.
 * Unreadable runs are skipped with one line to `warn`.
 */
export async function trainingSeedSpread(
  root: string,
  setting: Record<string, string | number>,
  warn: (line: string) => void = console.warn,
): Promise<SeedSpread | undefined> {
  const key = configurationKey(setting);
  const { runs, sweeps } = await sweepRunsPerSeed(root, (run) => configurationKey(run.setting) === key, warn);
  if (runs.length < 2) return undefined;
  const [configuration] = groupConfigurations(runs).configurations;
  return { ...configuration!, sweeps };
}
