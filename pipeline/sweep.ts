/**
 * sweep: a grid of whole pipeline runs from one command. Any flag of `deno task all` takes a
 * list (1,2,3) or an integer range (1..5); the cells are their product, each one
 * `deno task all` run, so whatever is up to date is reused.
 *
 *   deno task sweep [--jobs N] [--max-cells N] [--profile default|smoke|latent-study]
 *                   [--artifacts DIR] [--force] [any stage flag, with lists]
 *                   [--executor local|slurm] [--slurm-partition P] [--slurm-account A]
 *                   [--slurm-time T] [--slurm-cpus 2] [--slurm-mem M] [--slurm-extra "…"]
 *
 * e.g. `deno task sweep --profile smoke --seed 1,2,3 --latent-dim 2,8`. --jobs: cells at
 * once (default: one per two cores). A failed cell does not stop the others; the sweep then
 * exits 1. Running the same command again continues: finished cells are up to date, an
 * interrupted training resumes from its checkpoint. Writes artifacts/sweeps/<id>.json (the
 * grid, each cell's params, run id, outcome, seconds, error and log) and, when done,
 * compares the cells (as `deno task compare <id>`). --profile latent-study: latent sizes
 * 2, 8, 16, 32, 64 × training seeds 1, 2, 3 on the full data, then the study under
 * artifacts/studies/<id>/.
 * --executor slurm: the cells that are not up to date go to Slurm as one job array
 * (sbatch --array, at most --jobs at once), each running its cell's all on the same
 * --artifacts root, which every node must see; waits with a live line from squeue, then
 * records and compares as a local sweep does. Ctrl-C cancels the array (scancel).
 * A grid whose record could outgrow what its readers accept (64 MiB: some 50,000 cells, or a
 * long flag value in every cell) is refused before any cell runs.
 */
import { engineNote } from "../lib/tools/sweep/sweep_profiles.ts";
import { type Command, commandMain } from "../lib/core/cli/main.ts";
import { compareRuns, defaultCompareDir, writeComparison } from "../lib/tools/compare/comparison.ts";
import { compareText } from "../lib/tools/compare/compare_table.ts";
import { writeLatentStudy } from "../lib/tools/compare/latent_study.ts";
import { readSweepRecord, sweepRecordPath } from "../lib/core/store/sweep_record.ts";
import { tryLockSweep } from "../lib/core/store/artifact_lock.ts";
import { planSweep } from "../lib/tools/sweep/sweep_plan.ts";
import { SweepProgress } from "../lib/tools/sweep/sweep_progress.ts";
import { newSweepRecord, runSweepLocally } from "../lib/tools/sweep/sweep_runner.ts";
import { assertRecordFits } from "../lib/tools/sweep/record_size.ts";
import { runSweepOnSlurm } from "../lib/tools/sweep/slurm_runner.ts";
import { EXECUTOR_FLAGS, executorFromFlags, type SlurmOptions } from "../lib/tools/sweep/slurm_options.ts";
import type { FlagValues } from "../lib/core/cli/flags.ts";
import { sweepFlagGroups } from "../lib/tools/sweep/sweep_help.ts";

async function sweep(args: string[]): Promise<void> {
  const plan = planSweep(args, EXECUTOR_FLAGS);
  const { executor, slurm } = executorFromFlags(plan.flags as FlagValues);
  // Before anything is written: a record that could outgrow what its readers accept is refused.
  const previous = await readSweepRecord(plan.root, plan.id).catch(() => undefined);
  assertRecordFits(newSweepRecord(plan, args, previous), plan.root);
  const lock = await tryLockSweep(plan.root, plan.id);
  if (lock === undefined) {
    throw new Error(
      `sweep ${plan.id} is already running on ${plan.root}; let it finish, or stop it, before running it again`,
    );
  }
  try {
    await sweepHolding(plan, args, executor, slurm);
  } finally {
    lock.release();
  }
}

async function sweepHolding(
  plan: ReturnType<typeof planSweep>,
  args: string[],
  executor: string,
  slurm: SlurmOptions | undefined,
): Promise<void> {
  const note = engineNote(plan.profileName, plan.axes);
  if (note !== undefined) console.log(note);
  const previous = await readSweepRecord(plan.root, plan.id).catch(() => undefined);
  const stop = new AbortController();
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  const onSignal = () => stop.abort();
  for (const signal of signals) Deno.addSignalListener(signal, onSignal);
  let record;
  try {
    const progress = new SweepProgress(plan.cells.length, plan.jobs);
    record = executor === "slurm"
      ? await runSweepOnSlurm(plan, args, slurm!, progress, stop.signal, previous)
      : await runSweepLocally(plan, args, progress, stop.signal, previous);
  } finally {
    for (const signal of signals) Deno.removeSignalListener(signal, onSignal);
  }
  const path = sweepRecordPath(plan.root, plan.id);
  if (record.status === "interrupted") {
    throw new Error(`interrupted; finished cells are kept, run the same command again to continue (${path})`);
  }
  const failed = record.cells.filter((cell) => cell.status === "failed");
  if (failed.length < record.cells.length) {
    const comparison = await compareRuns(plan.root, [plan.id]);
    const dir = defaultCompareDir(plan.root, comparison, [plan.id]);
    await writeComparison(dir, comparison);
    console.log(`\n${compareText(comparison.grouping)}\ncompared: ${dir}`);
    if (plan.profile.study === "latent-size" && failed.length === 0) {
      console.log(`latent-size study: ${await writeLatentStudy(plan.root, comparison)}`);
    }
  }
  if (failed.length > 0) {
    throw new Error(
      `${failed.length} of ${record.cells.length} cells failed (cells ${
        failed.map((c) => c.index + 1).join(", ")
      }); their errors and logs are in ${path}`,
    );
  }
  console.log(`sweep ${plan.id}: all ${record.cells.length} cells ok (${path})`);
}

/** `deno task sweep`. */
export const sweepCommand: Command = { name: "sweep", kind: "stage", flags: sweepFlagGroups, run: sweep };

if (import.meta.main) await commandMain(sweepCommand);
