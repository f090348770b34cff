/**
 * Sweep records: `<root>/sweeps/<sweep-id>.json` says what a sweep asked for (its grid) and
 * what became of every cell: its params, the run it made, its outcome, seconds, and for a
 * failed cell the one error line and where its log is. Written when the sweep starts and
 * again as each cell ends, atomically, so a killed sweep still leaves a true record. The
 * sweep id is a hash of the grid: running the same sweep again updates the same record.
 * The writer writes only what the readers read: a record of at most
 * {@link SWEEP_RECORD_MAX_BYTES}, each cell's error line clipped to
 * {@link CELL_ERROR_MAX_BYTES} (the whole line is in the cell's log), so that a sweep can
 * check up front that its record stays readable (lib/tools/sweep/record_size.ts).
 *
 * Eleven exports, one file on purpose: the record's shape (schema and types), its size limits,
 * its path, and its reader and writer stay together, because the writer must write only what
 * the reader accepts.
 */
import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "./atomic_write.ts";
import { isArtifactId, RUN_ID } from "./ids.ts";
import { readRecordFile } from "./record_file.ts";
import { assertNoLinksBelow, SMALL_FILE_BYTES } from "./safe_paths.ts";

/** The most bytes a sweep record may hold: what its readers read (readRecordFile, a small file). */
export const SWEEP_RECORD_MAX_BYTES = SMALL_FILE_BYTES;

/** The most bytes (UTF-8, JSON-escaped) of a cell's error line that its record keeps. */
export const CELL_ERROR_MAX_BYTES = 500;

const cellSchema = z.object({
  index: z.number().int().nonnegative(),
  /** The flags of this cell that the grid sets, e.g. {"seed": "2", "latent-dim": "8"}. */
  setting: z.record(z.string(), z.string()),
  /** The arguments of the cell's `deno task all`. */
  args: z.array(z.string()),
  status: z.enum(["pending", "running", "ok", "failed"]),
  runId: z.string().regex(RUN_ID).optional(),
  seconds: z.number().nonnegative().optional(),
  /** The stages it ran: "up to date" when nothing was computed. */
  outcome: z.string().optional(),
  error: z.string().optional(),
  log: z.string().optional(),
  /** Where it ran, e.g. "local" or "slurm job 123_4". */
  executor: z.string().optional(),
  /** For a Slurm cell: its array task's final state (COMPLETED, FAILED, TIMEOUT, …). */
  state: z.string().optional(),
});

/** One cell of a sweep. */
export type SweepCell = z.infer<typeof cellSchema>;

/** The sweep record's schema. */
export const sweepRecordSchema = z.object({
  id: z.string().refine(isArtifactId, "not a sweep id"),
  command: z.array(z.string()),
  grid: z.object({
    profile: z.string(),
    /** The swept flags and their values, in the order given. */
    axes: z.array(z.object({ flag: z.string(), values: z.array(z.string()) })),
    /** Flags every cell gets. */
    fixed: z.record(z.string(), z.string()),
  }),
  started: z.string(),
  finished: z.string().optional(),
  status: z.enum(["running", "ok", "failed", "interrupted"]),
  cells: z.array(cellSchema),
});

/** A sweep record. */
export type SweepRecord = z.infer<typeof sweepRecordSchema>;

/** The path of sweep `id`'s record under `root`. */
export function sweepRecordPath(root: string, id: string): string {
  return join(root, "sweeps", `${id}.json`);
}

const encoder = new TextEncoder();

/** The bytes `text` takes inside a JSON string, as UTF-8. */
function jsonBytes(text: string): number {
  return encoder.encode(JSON.stringify(text)).length - 2;
}

/**
 * `line` as a sweep record keeps a cell's error: whole when its JSON form takes at most
 * {@link CELL_ERROR_MAX_BYTES}, else its start and "…" within that.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CELL_ERROR_MAX_BYTES, clipCellError } from "./sweep_record.ts";
 * assert.equal(clipCellError("all: error: x"), "all: error: x");
 * const clipped = clipCellError("all: error: " + "é".repeat(1000));
 * assert.ok(clipped.endsWith("…") && new TextEncoder().encode(clipped).length <= CELL_ERROR_MAX_BYTES);
 * ```
 */
export function clipCellError(line: string): string {
  if (jsonBytes(line) <= CELL_ERROR_MAX_BYTES) return line;
  let used = jsonBytes("…");
  let end = 0;
  for (const char of line) {
    const bytes = jsonBytes(char);
    if (used + bytes > CELL_ERROR_MAX_BYTES) break;
    used += bytes;
    end += char.length;
  }
  return `${line.slice(0, end)}…`;
}

/**
 * Writes `record` atomically to `<root>/sweeps/<id>.json`, cells' errors clipped
 * ({@link clipCellError}); returns the path. Refuses, writing nothing, a record larger than
 * its readers accept.
 */
export async function writeSweepRecord(root: string, record: SweepRecord): Promise<string> {
  const path = sweepRecordPath(root, record.id);
  await assertNoLinksBelow(root, path);
  const cells = record.cells.map((cell) =>
    cell.error === undefined ? cell : { ...cell, error: clipCellError(cell.error) }
  );
  const bytes = encoder.encode(JSON.stringify({ ...record, cells }, null, 2) + "\n");
  if (bytes.length > SWEEP_RECORD_MAX_BYTES) {
    throw new Error(
      `${path}: the sweep record would take ${bytes.length} bytes, more than its readers accept ` +
        `(${SWEEP_RECORD_MAX_BYTES}); not written`,
    );
  }
  await writeFileAtomic(path, bytes);
  return path;
}

/** Whether sweep `id` has a record under `root`. */
export async function sweepRecordExists(root: string, id: string): Promise<boolean> {
  if (!isArtifactId(id)) return false;
  return await Deno.stat(sweepRecordPath(root, id)).then((info) => info.isFile, () => false);
}

/** The record of sweep `id` under `root`; an Error naming the file when absent or not a sweep record. */
export async function readSweepRecord(root: string, id: string): Promise<SweepRecord> {
  if (!isArtifactId(id)) throw new Error(`${id}: not a sweep id`);
  return await readRecordFile(root, sweepRecordPath(root, id), sweepRecordSchema, "sweep record", id);
}

/** Every readable sweep record under `root`, by id; an unreadable one goes to `warn` and is skipped. */
export async function readSweepRecords(
  root: string,
  warn: (line: string) => void = console.warn,
): Promise<SweepRecord[]> {
  const dir = join(root, "sweeps");
  await assertNoLinksBelow(root, dir);
  const names = await Array.fromAsync(Deno.readDir(dir)).then(
    (entries) => entries.filter((e) => e.isFile && e.name.endsWith(".json")).map((e) => e.name).sort(),
    () => [] as string[],
  );
  const records: SweepRecord[] = [];
  for (const name of names) {
    const id = name.slice(0, -".json".length);
    if (!isArtifactId(id)) continue;
    try {
      records.push(await readSweepRecord(root, id));
    } catch (e) {
      warn(`skipped: ${(e as Error).message}`);
    }
  }
  return records;
}
