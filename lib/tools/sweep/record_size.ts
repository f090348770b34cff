/**
 * Whether a sweep's record stays readable to the end: the record is rewritten as every cell
 * starts and ends and grows as cells finish (run id, seconds, outcome, error, Slurm job), and
 * its readers refuse one of more than SWEEP_RECORD_MAX_BYTES. So before any cell runs, the
 * sweep sizes its record with every cell as large as a finished cell can be, and refuses a
 * grid whose record could outgrow what its readers accept (e.g. 100,000 cells, or a long flag
 * value repeated in every cell's arguments).
 */
import { PIPELINE } from "../../stages/pipeline_order.ts";
import {
  CELL_ERROR_MAX_BYTES,
  SWEEP_RECORD_MAX_BYTES,
  type SweepCell,
  type SweepRecord,
} from "../../core/store/sweep_record.ts";
import { FINAL_STATES } from "./slurm_client.ts";
import { slurmCellLogPath } from "./slurm_runner.ts";

const encoder = new TextEncoder();

/** A Slurm job id of the most digits one can have (a 64-bit number). */
const LONGEST_JOB_ID = "9".repeat(20);

/** `cell` with every field a finished cell may gain as large as it can be. */
function largestFinished(cell: SweepCell, root: string, id: string): SweepCell {
  const slurmLog = slurmCellLogPath(root, id, LONGEST_JOB_ID, cell.index);
  return {
    ...cell,
    status: "running",
    runId: "20261207T121927.519Z-0515", // every run id has this length (lib/core/store/ids.ts RUN_ID)
    seconds: Number.MAX_VALUE, // the longest number JSON writes
    outcome: `computed ${PIPELINE.map((stage) => stage.name).join(", ")}`,
    error: "x".repeat(CELL_ERROR_MAX_BYTES), // what the writer keeps at most (clipCellError)
    executor: `slurm job ${LONGEST_JOB_ID}_${cell.index}`,
    state: [...FINAL_STATES].reduce((a, b) => (b.length > a.length ? b : a), ""),
    log: [cell.log ?? "", slurmLog].reduce((a, b) => (b.length > a.length ? b : a)),
  };
}

/**
 * The most bytes `record` (a new sweep's record, cells pending) can take once its cells have
 * finished, as writeSweepRecord writes it (JSON with two-space indents). An upper bound.
 */
export function largestRecordBytes(record: SweepRecord, root: string): number {
  const frame = { ...record, finished: new Date(0).toISOString(), status: "interrupted", cells: [] };
  let bytes = encoder.encode(JSON.stringify(frame, null, 2) + "\n").length;
  for (const cell of record.cells) {
    const text = JSON.stringify(largestFinished(cell, root, record.id), null, 2);
    // Inside the record a cell is indented by two more levels, and followed by ",\n".
    const lines = text.split("\n").length;
    bytes += encoder.encode(text).length + 4 * lines + 2;
  }
  return bytes;
}

/**
 * Refuses, with a RangeError in one line, a sweep whose `record` (new, cells pending) could
 * grow past what its readers accept (`limit`, bytes).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assertRecordFits } from "./record_size.ts";
 * const cell = { index: 0, setting: { seed: "1" }, args: ["--seed", "1", "--dir", "x".repeat(5000)], status: "pending" as const };
 * const record = { id: "0123456789abcdef", command: [], grid: { profile: "default", axes: [], fixed: {} }, started: "", status: "running" as const, cells: [cell] };
 * assertRecordFits(record, "/a", 10_000);
 * assert.throws(() => assertRecordFits(record, "/a", 5_000), /more than the 5000 bytes/);
 * ```
 */
export function assertRecordFits(record: SweepRecord, root: string, limit = SWEEP_RECORD_MAX_BYTES): void {
  const bytes = largestRecordBytes(record, root);
  if (bytes <= limit) return;
  const perCell = Math.round(bytes / Math.max(1, record.cells.length));
  throw new RangeError(
    `the grid's record could grow to ${bytes} bytes (${record.cells.length} cells, up to ${perCell} ` +
      `bytes each with their arguments), more than the ${limit} bytes a sweep record may hold; ` +
      `split the grid into smaller sweeps or shorten long flag values`,
  );
}
