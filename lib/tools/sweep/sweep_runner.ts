/**
 * Runs a sweep's cells locally, at most `jobs` at once, each as its own `deno task all`
 * process (lib/tools/sweep/cell_process.ts), and keeps the sweep record true as cells start and
 * end. A failed cell does not stop the others. Aborting stops the running cells; their
 * finished epochs stay in their checkpoints for the next run.
 */
import { join } from "node:path";
import { canonicalJson } from "../../core/store/artifact_id.ts";
import {
  type SweepCell,
  type SweepRecord,
  sweepRecordPath,
  writeSweepRecord,
} from "../../core/store/sweep_record.ts";
import { runCellProcess } from "./cell_process.ts";
import { recordIfUpToDate } from "./up_to_date_cell.ts";
import type { SweepPlan } from "./sweep_plan.ts";
import { SweepProgress } from "./sweep_progress.ts";

/** The log file of cell `index` (0-based) of sweep `id`. */
export function cellLogPath(root: string, id: string, index: number): string {
  return join(root, "sweeps", id, `cell-${index + 1}.log`);
}

/** How a cell is named in the display: its number and its values of the flags in `swept`. */
export function cellLabel(
  cell: Pick<SweepCell, "index" | "setting">,
  total: number,
  swept: readonly string[] = Object.keys(cell.setting),
): string {
  const values = swept.map((flag) => `${flag}=${cell.setting[flag]}`).join(" ");
  return `cell ${cell.index + 1}/${total}${values ? ` (${values})` : ""}`;
}

/** Arguments such as ["--profile", "smoke", "--force"] as {profile: "smoke", force: "true"}. */
function fixedFlags(args: readonly string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    const hasValue = next !== undefined && !next.startsWith("--");
    flags[args[i]!.replace(/^--/, "")] = hasValue ? next : "true";
    if (hasValue) i++;
  }
  return flags;
}

/**
 * A new record of `plan` for `command`. A cell that `previous` (the record of an earlier run
 * of this sweep) shows finished, with the same setting, keeps what it said until this run
 * reaches the cell again, so an interrupted rerun loses nothing; every other cell is pending.
 */
export function newSweepRecord(plan: SweepPlan, command: string[], previous?: SweepRecord): SweepRecord {
  const before = new Map((previous?.cells ?? []).map((cell) => [cell.index, cell]));
  return {
    id: plan.id,
    command,
    grid: {
      profile: plan.profileName,
      axes: plan.axes,
      fixed: fixedFlags(plan.fixed),
    },
    started: new Date().toISOString(),
    status: "running",
    cells: plan.cells.map((cell) => {
      const earlier = before.get(cell.index);
      const finished = earlier !== undefined && (earlier.status === "ok" || earlier.status === "failed") &&
        canonicalJson(earlier.setting) === canonicalJson(cell.setting);
      // What the earlier run found, with this run's arguments (the root may have moved).
      return finished ? { ...structuredClone(earlier), args: cell.args } : {
        index: cell.index,
        setting: cell.setting,
        args: cell.args,
        status: "pending",
        log: cellLogPath(plan.root, plan.id, cell.index),
      };
    }),
  };
}

/**
 * Runs every cell of `plan` locally and returns the final record (also written to
 * `<root>/sweeps/<id>.json`). `signal` interrupts: running cells are stopped, the record says
 * "interrupted".
 */
export async function runSweepLocally(
  plan: SweepPlan,
  command: string[],
  progress: SweepProgress,
  signal?: AbortSignal,
  previous?: SweepRecord,
): Promise<SweepRecord> {
  const record = newSweepRecord(plan, command, previous);
  let writes = writeSweepRecord(plan.root, record).then(() => {});
  const save = () => {
    const snapshot = structuredClone(record);
    writes = writes.then(() => writeSweepRecord(plan.root, snapshot)).then(() => {});
    return writes;
  };
  await writes;
  progress.event(
    `sweep ${plan.id}: ${plan.cells.length} cells, ${plan.jobs} at a time; record ${
      sweepRecordPath(plan.root, plan.id)
    }`,
  );
  const swept = plan.axes.filter((axis) => axis.values.length > 1).map((axis) => axis.flag);
  let next = 0;
  const worker = async () => {
    while (!signal?.aborted) {
      const cell = record.cells[next++];
      if (cell === undefined) return;
      const label = cellLabel(cell, record.cells.length, swept);
      cell.status = "running";
      cell.executor = "local";
      cell.log = cellLogPath(plan.root, plan.id, cell.index);
      await save();
      progress.started(label);
      let outcome;
      try {
        outcome = await recordIfUpToDate(plan.root, cell.args, cell.log!) ??
          await runCellProcess(plan.root, cell.args, cell.log!, signal);
      } catch (e) {
        outcome = { ok: false, error: `sweep: error: ${(e as Error).message}`, seconds: 0 };
      }
      if (signal?.aborted && !outcome.ok) {
        cell.status = "pending";
        await save();
        return;
      }
      Object.assign(cell, {
        status: outcome.ok ? "ok" : "failed",
        seconds: Number(outcome.seconds.toFixed(3)),
        ...(outcome.runId === undefined ? {} : { runId: outcome.runId }),
        ...(outcome.outcome === undefined ? {} : { outcome: outcome.outcome }),
        ...(outcome.error === undefined ? {} : { error: outcome.error }),
      });
      await save();
      progress.finished(
        outcome.ok,
        outcome.seconds,
        outcome.ok
          ? `ok     ${label}: ${outcome.outcome} in ${outcome.seconds.toFixed(1)} s, run ${outcome.runId}`
          : `FAILED ${label} after ${outcome.seconds.toFixed(1)} s: ${outcome.error} (log: ${cell.log})`,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(plan.jobs, plan.cells.length) }, worker));
  await finishRecord(record, signal?.aborted ?? false, save);
  progress.close();
  return record;
}

/** Closes `record`: its end time and status (interrupted, failed when a cell failed, else ok), saved with `save`. */
export async function finishRecord(
  record: SweepRecord,
  aborted: boolean,
  save: () => Promise<unknown>,
): Promise<void> {
  record.finished = new Date().toISOString();
  record.status = aborted ? "interrupted" : record.cells.some((c) => c.status === "failed") ? "failed" : "ok";
  await save();
}
