/**
 * Runs a sweep's cells on Slurm: the cells that are up to date are recorded here at once
 * (lib/tools/sweep/up_to_date_cell.ts); the others go to the cluster as one job array
 * (`sbatch --array=0-(k-1)%jobs`), each task running its cell's `deno task all` on the
 * shared artifact root. Waits with a live line from squeue (pending / running / done /
 * failed), records each cell's job, final state, run and log, and on an abort cancels the
 * array (scancel); finished cells stay.
 */
import { join } from "node:path";
import { PROJECT_ROOT } from "../../core/store/source_fingerprint.ts";
import { type SweepCell, type SweepRecord, writeSweepRecord } from "../../core/store/sweep_record.ts";
import { writeFileAtomic } from "../../core/store/atomic_write.ts";
import { cellOutput, recordedRunOf } from "./cell_process.ts";
import { recordIfUpToDate } from "./up_to_date_cell.ts";
import { arrayTaskStates, FINAL_STATES, slurm, taskStateFromScontrol } from "./slurm_client.ts";
import type { SlurmOptions } from "./slurm_options.ts";
import { slurmPreflight } from "./slurm_preflight.ts";
import type { SweepPlan } from "./sweep_plan.ts";
import type { SweepProgress } from "./sweep_progress.ts";
import { cellLabel, cellLogPath, finishRecord, newSweepRecord } from "./sweep_runner.ts";

/** Quotes `word` for bash. */
function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The batch script of the array: task i runs `deno task all` with the args of `cells[i]`. */
export function arrayScript(cells: readonly SweepCell[]): string {
  const deno = shellQuote(Deno.execPath());
  const entry = shellQuote(join(PROJECT_ROOT, "pipeline", "all.ts"));
  return [
    "#!/bin/bash",
    "# Written by deno task sweep --executor slurm: array task i runs cell i's deno task all.",
    'case "$SLURM_ARRAY_TASK_ID" in',
    ...cells.map((cell, task) =>
      `  ${task}) exec ${deno} run --allow-all ${entry} ${cell.args.map(shellQuote).join(" ")} ;;`
    ),
    '  *) echo "no cell for array task $SLURM_ARRAY_TASK_ID" >&2; exit 2 ;;',
    "esac",
    "",
  ].join("\n");
}

/** The sbatch arguments of an array of `tasks` tasks, `jobs` at once, for sweep `id`. */
export function sbatchArgs(
  options: SlurmOptions,
  id: string,
  tasks: number,
  jobs: number,
  logPattern: string,
): string[] {
  return [
    "--parsable",
    `--array=0-${tasks - 1}%${jobs}`,
    `--job-name=sweep-${id}`,
    `--cpus-per-task=${options.cpus}`,
    `--output=${logPattern}`,
    `--chdir=${PROJECT_ROOT}`,
    ...(options.partition ? [`--partition=${options.partition}`] : []),
    ...(options.account ? [`--account=${options.account}`] : []),
    ...(options.time ? [`--time=${options.time}`] : []),
    ...(options.mem ? [`--mem=${options.mem}`] : []),
    ...options.extra,
  ];
}

/** The log of array task `task` of Slurm job `jobId` running sweep `id` (the --output pattern below). */
export function slurmCellLogPath(root: string, id: string, jobId: string, task: number): string {
  return join(root, "sweeps", id, `slurm-${jobId}_${task}.log`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs every cell of `plan` with Slurm and returns the final record (also written to
 * `<root>/sweeps/<id>.json`). `signal` cancels the array.
 */
export async function runSweepOnSlurm(
  plan: SweepPlan,
  command: string[],
  options: SlurmOptions,
  progress: SweepProgress,
  signal?: AbortSignal,
  previous?: SweepRecord,
): Promise<SweepRecord> {
  await slurmPreflight(options, plan.root);
  const record = newSweepRecord(plan, command, previous);
  const save = () => writeSweepRecord(plan.root, structuredClone(record));
  await save();
  const swept = plan.axes.filter((axis) => axis.values.length > 1).map((axis) => axis.flag);
  const label = (cell: SweepCell) => cellLabel(cell, record.cells.length, swept);
  // Up-to-date cells are recorded here, at once; only the others cost cluster time.
  const submit: SweepCell[] = [];
  for (const cell of record.cells) {
    cell.log = cellLogPath(plan.root, plan.id, cell.index);
    const outcome = await recordIfUpToDate(plan.root, cell.args, cell.log);
    if (outcome === undefined) {
      submit.push(cell);
      continue;
    }
    Object.assign(cell, {
      status: "ok",
      executor: "local",
      seconds: Number(outcome.seconds.toFixed(3)),
      runId: outcome.runId,
      outcome: "up to date",
    });
    progress.finished(true, outcome.seconds, `ok     ${label(cell)}: up to date, recorded here`);
  }
  await save();
  try {
    if (submit.length > 0 && !signal?.aborted) {
      await runArray(plan, submit, options, progress, save, label, signal);
    }
  } catch (e) {
    // sbatch refused the array, or waiting failed: the record says so for every cell it left open.
    const line = `sweep: error: ${(e as Error).message.split("\n")[0]}`;
    for (const cell of submit) {
      if (cell.status === "pending" || cell.status === "running") {
        Object.assign(cell, { status: "failed", error: line });
      }
    }
    await finishRecord(record, false, save);
    progress.close();
    throw e;
  }
  await finishRecord(record, signal?.aborted ?? false, save);
  progress.close();
  return record;
}

async function runArray(
  plan: SweepPlan,
  submit: SweepCell[],
  options: SlurmOptions,
  progress: SweepProgress,
  save: () => Promise<string>,
  label: (cell: SweepCell) => string,
  signal?: AbortSignal,
): Promise<void> {
  const dir = join(plan.root, "sweeps", plan.id);
  const script = join(dir, "slurm-array.sh");
  await writeFileAtomic(script, arrayScript(submit));
  // sbatch reads % in --output as a pattern: a literal % of the path is written %%.
  const logPattern = `${dir.replaceAll("%", "%%")}/slurm-%A_%a.log`;
  const submitted = await slurm("sbatch", [
    ...sbatchArgs(options, plan.id, submit.length, plan.jobs, logPattern),
    script,
  ]);
  if (!submitted.ok) throw new Error(`sbatch refused the array: ${submitted.stderr || submitted.stdout}`);
  const jobId = submitted.stdout.split(";")[0]!.trim();
  submit.forEach((cell, task) => {
    Object.assign(cell, {
      status: "running",
      executor: `slurm job ${jobId}_${task}`,
      log: slurmCellLogPath(plan.root, plan.id, jobId, task),
    });
  });
  for (const cell of submit) progress.started(label(cell));
  progress.event(
    `submitted ${submit.length} cell(s) as Slurm job array ${jobId} (${
      options.partition ?? "default partition"
    }); logs ${dir}`,
  );
  try {
    await save();
    await waitForArray(jobId, plan, submit, progress, save, label, signal);
  } catch (e) {
    await slurm("scancel", [jobId]);
    throw e;
  }
}

/** How long to wait for a cancelled array's tasks to report a final state. */
const CANCEL_WAIT_MS = 60_000;

async function waitForArray(
  jobId: string,
  plan: SweepPlan,
  submit: SweepCell[],
  progress: SweepProgress,
  save: () => Promise<string>,
  label: (cell: SweepCell) => string,
  signal: AbortSignal | undefined,
): Promise<void> {
  const since = new Date(Date.now() - 1000);
  const startedAt = performance.now();
  const states = new Map<number, string>();
  const done = new Set<number>();
  let cancelledAt: number | undefined;
  while (done.size < submit.length) {
    if (signal?.aborted && cancelledAt === undefined) {
      await slurm("scancel", [jobId]);
      cancelledAt = performance.now();
      progress.event(`cancelled Slurm job array ${jobId} (scancel)`);
    }
    const squeue = await slurm("squeue", ["-h", "-j", jobId, "-t", "all", "-o", "%i|%T"]);
    const listed = squeue.ok ? arrayTaskStates(squeue.stdout, jobId) : new Map<number, string>();
    for (const [task, state] of listed) states.set(task, state);
    const givingUp = cancelledAt !== undefined && performance.now() - cancelledAt > CANCEL_WAIT_MS;
    for (let task = 0; task < submit.length; task++) {
      if (done.has(task)) continue;
      let state = listed.get(task);
      // A task squeue no longer lists: scontrol may still know it; once Slurm has forgotten
      // it, its log says whether its run was recorded.
      if (state === undefined && squeue.ok) {
        state = await taskStateFromScontrol(jobId, task) ??
          await stateFromLog(submit[task]!, states.get(task));
      }
      if (state === undefined && givingUp) state = "CANCELLED";
      if (state === undefined || !FINAL_STATES.has(state)) continue;
      done.add(task);
      await finishCell(plan.root, submit[task]!, state, (performance.now() - startedAt) / 1000, since);
      await save();
      const cell = submit[task]!;
      progress.finished(
        cell.status === "ok",
        cell.seconds ?? 0,
        cell.status === "ok"
          ? `ok     ${label(cell)}: ${cell.outcome} on Slurm (${cell.executor}), run ${cell.runId}`
          : `FAILED ${label(cell)} on Slurm (${cell.executor}): ${cell.error} (log: ${cell.log})`,
      );
    }
    const counts = { pending: 0, running: 0 };
    for (const [task, state] of states) {
      if (done.has(task)) continue;
      if (state === "PENDING") counts.pending++;
      else counts.running++;
    }
    progress.detail(`Slurm job ${jobId}: ${counts.pending} pending, ${counts.running} running`);
    if (done.size < submit.length) await sleep(1000);
  }
  if (cancelledAt !== undefined) {
    for (const cell of submit) if (cell.status === "running") cell.status = "pending";
  }
}

/**
 * The final state of a task Slurm has forgotten, from what its log says: a recorded run is
 * COMPLETED; an error line is FAILED; a task never seen started (or a log with neither) is
 * still unknown.
 */
async function stateFromLog(cell: SweepCell, lastSeen: string | undefined): Promise<string | undefined> {
  if (lastSeen === undefined || lastSeen === "PENDING") return undefined;
  const log = await Deno.readTextFile(cell.log!).catch(() => "");
  const told = cellOutput(log, log);
  if (told.ok.runId !== undefined) return "COMPLETED";
  return told.error !== undefined ? "FAILED" : undefined;
}

async function finishCell(
  root: string,
  cell: SweepCell,
  state: string,
  seconds: number,
  since: Date,
): Promise<void> {
  const log = await Deno.readTextFile(cell.log!).catch(() => "");
  const told = cellOutput(log, log);
  const runId = told.ok.runId ?? await recordedRunOf(root, cell.args, since).catch(() => undefined);
  const ok = state === "COMPLETED" && told.ok.runId !== undefined;
  Object.assign(cell, {
    status: ok ? "ok" : "failed",
    state,
    seconds: Number(seconds.toFixed(3)),
    ...(runId === undefined ? {} : { runId }),
    ...(ok ? { outcome: told.ok.outcome } : {
      error: state === "COMPLETED"
        ? told.error ?? "no run recorded"
        : `${state}${told.error ? `: ${told.error}` : ""}`,
    }),
  });
}
