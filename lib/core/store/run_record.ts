/**
 * Run records: every invocation of a stage or of `all` writes
 * `<root>/runs/<run-id>.json` naming, per stage, the artifact it used or produced, whether
 * it was reused or recomputed and why, its params and wall time, plus host details. Run
 * records are the one place for time stamps; nothing in them is hashed.
 */
import { join } from "node:path";
import { writeFileAtomic } from "./atomic_write.ts";
import { isRunId } from "./ids.ts";
import { runRecordSchema } from "./manifest_schema.ts";
import { readRecordFile } from "./record_file.ts";
import { assertNoLinksBelow } from "./safe_paths.ts";
import { hostEnv } from "./provenance.ts";

/** What one stage did within a run. */
export interface StageOutcome {
  stage: string;
  kind: string;
  id: string;
  outcome: "up to date" | "new" | "identical" | "replaced" | "repaired";
  reasons: string[];
  params: Record<string, unknown>;
  inputs: { kind: string; id: string }[];
  seconds: number;
  /**
   * A training that went on from a checkpoint (an earlier run was interrupted): the epoch it
   * resumed after. Absent when it started from scratch, or computed nothing.
   */
  resumedAfterEpoch?: number;
}

/** How a run ended. */
export type RunStatus = "ok" | "failed" | "interrupted";

/** A run record. */
export interface RunRecord {
  id: string;
  command: string[];
  started: string;
  finished: string;
  /**
   * "failed": a stage threw; "interrupted": the process got SIGINT or SIGTERM (Ctrl-C, a
   * kill, a sweep or Slurm stopping it). Either way `stages` holds the ones that finished before.
   */
  status?: RunStatus;
  /** For a failed or interrupted run: its one error line, as the command printed it. */
  error?: string;
  stages: StageOutcome[];
  host: Record<string, unknown>;
}

/** A new run id: UTC time to the millisecond plus 4 random hex digits, sortable by time. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "");
  const suffix = crypto.getRandomValues(new Uint8Array(2));
  return `${stamp}-${[...suffix].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Writes `record` atomically to `<root>/runs/<id>.json`. */
export async function writeRunRecord(root: string, record: RunRecord): Promise<string> {
  const path = join(root, "runs", `${record.id}.json`);
  await assertNoLinksBelow(root, path);
  await writeFileAtomic(path, JSON.stringify(record, null, 2) + "\n");
  return path;
}

/**
 * Builds and writes the record of a run that started at `started`, given `command`'s
 * arguments; `failure` is the error line of a run that failed (or, with `status`
 * "interrupted", was interrupted) after `stages`.
 */
export function recordRun(
  root: string,
  started: Date,
  stages: StageOutcome[],
  command: string[],
  failure?: string,
  status: "failed" | "interrupted" = "failed",
): Promise<string> {
  return writeRunRecord(root, {
    id: newRunId(started),
    command,
    started: started.toISOString(),
    finished: new Date().toISOString(),
    status: failure === undefined ? "ok" : status,
    ...(failure === undefined ? {} : { error: failure }),
    stages,
    host: hostEnv(),
  });
}

/** The record of run `id` under `root`; an Error naming the file when there is none or it is unreadable. */
export async function readRunRecord(root: string, id: string): Promise<RunRecord> {
  if (!isRunId(id)) throw new Error(`${id}: not a run id`);
  return await readRecordFile(root, join(root, "runs", `${id}.json`), runRecordSchema, "run record", id);
}

/**
 * All readable run records under `root`, oldest first. One that is not a valid run record is
 * skipped, and `warn` gets one line naming it: one bad file does not hide the others.
 */
export async function readRunRecords(
  root: string,
  warn: (line: string) => void = console.warn,
): Promise<RunRecord[]> {
  const dir = join(root, "runs");
  await assertNoLinksBelow(root, dir);
  const names = await Array.fromAsync(Deno.readDir(dir)).then(
    (entries) =>
      entries.map((e) => e.name).filter((n) => n.endsWith(".json") && isRunId(n.slice(0, -5))).sort(),
    () => [] as string[],
  );
  const records: RunRecord[] = [];
  for (const name of names) {
    try {
      records.push(await readRunRecord(root, name.slice(0, -".json".length)));
    } catch (e) {
      warn(`skipped: ${(e as Error).message}`);
    }
  }
  return records;
}
