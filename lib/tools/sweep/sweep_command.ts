/**
 * `deno task sweep`: plans the grid, holds the sweep's lock, runs the cells locally or on Slurm
 * until done or stopped by a signal, then compares what finished.
 */
import { engineNote } from "./sweep_profiles.ts";
import type { Command } from "../../core/cli/main.ts";
import { compareRuns, defaultCompareDir, writeComparison } from "../compare/comparison.ts";
import { compareText } from "../compare/compare_table.ts";
import { writeLatentStudy } from "../compare/latent_study.ts";
import { readSweepRecord, sweepRecordPath } from "../../core/store/sweep_record.ts";
import { tryLockSweep } from "../../core/store/artifact_lock.ts";
import { planSweep } from "./sweep_plan.ts";
import { SweepProgress } from "./sweep_progress.ts";
import { newSweepRecord, runSweepLocally } from "./sweep_runner.ts";
import { assertRecordFits } from "./record_size.ts";
import { runSweepOnSlurm } from "./slurm_runner.ts";
import { EXECUTOR_FLAGS, executorFromFlags, type SlurmOptions } from "./slurm_options.ts";
import type { FlagValues } from "../../core/cli/flags.ts";
import { sweepFlagGroups } from "./sweep_help.ts";

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
