/**
 * One sweep cell run locally: `deno task all <args>` as a child process, its stdout and
 * stderr both into the cell's log file, and what became of it read back: the run it
 * recorded (failed runs record one too), its one error line, which stages computed.
 */
import { dirname, join } from "node:path";
import { canonicalJson } from "../../core/store/artifact_id.ts";
import { isRunId } from "../../core/store/ids.ts";
import { readRunRecords } from "../../core/store/run_record.ts";
import { PROJECT_ROOT } from "../../core/store/source_fingerprint.ts";

/** How a cell ended. */
export interface CellOutcome {
  ok: boolean;
  runId?: string;
  /** "up to date" when no stage computed, else the stages that did, e.g. "computed train, export, evaluate". */
  outcome?: string;
  error?: string;
  seconds: number;
}

/** The entry of `deno task all`. */
const ALL_ENTRY = join(PROJECT_ROOT, "pipeline", "all.ts");

/** How long a stopped cell gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 3000;

const RUN_RECORDED = /^run recorded: (.*\/)?([^/]+)\.json$/m;

async function pump(stream: ReadableStream<Uint8Array>, log: Deno.FsFile, kept: string[]): Promise<void> {
  const decoder = new TextDecoder();
  for await (const chunk of stream) {
    await log.write(chunk);
    kept.push(decoder.decode(chunk, { stream: true }));
  }
}

/**
 * What a cell's output says: the run it recorded (the first "run recorded:" line that names a
 * run id) and which stages computed (for a run that ended well), and its last error line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cellOutput } from "./cell_process.ts";
 * const stdout = "run recorded: /a/runs/notes.json\nrun recorded: /a/runs/20261207T121927.519Z-0515.json\n";
 * assert.equal(cellOutput(stdout, "").ok.runId, "20261207T121927.519Z-0515");
 * assert.equal(cellOutput("run recorded: /a/runs/notes.json\n", "").ok.runId, undefined);
 * ```
 */
export function cellOutput(stdout: string, stderr: string): {
  ok: { runId?: string; outcome: string };
  error?: string;
} {
  // Only a run id: the sweep record's reader refuses a record whose runId is anything else.
  const recorded = [...stdout.matchAll(new RegExp(RUN_RECORDED, "gm"))].map((m) => m[2]!).find(isRunId);
  const computed = [...stdout.matchAll(/^(\S+): \S+ [0-9a-f]{16} (new|identical|replaced|repaired) \(/gm)]
    .map((m) => m[1]!);
  const error = stderr.trim().split("\n").filter((line) => line.includes("error:")).at(-1);
  return {
    ok: {
      ...(recorded === undefined ? {} : { runId: recorded }),
      outcome: computed.length === 0 ? "up to date" : `computed ${computed.join(", ")}`,
    },
    ...(error === undefined ? {} : { error }),
  };
}

/** The id of the newest run record under `root` with `args` as its command that started at or after `since`. */
export async function recordedRunOf(root: string, args: string[], since: Date): Promise<string | undefined> {
  const records = await readRunRecords(root, () => {});
  return records.filter((r) =>
    canonicalJson(r.command) === canonicalJson(args) && new Date(r.started) >= since
  )
    .at(-1)?.id;
}

/**
 * Runs `deno task all <args>` (whose --artifacts is `root`) with its output going to
 * `logPath`; `signal` stops it (SIGTERM).
 */
export async function runCellProcess(
  root: string,
  args: string[],
  logPath: string,
  signal?: AbortSignal,
): Promise<CellOutcome> {
  const started = performance.now();
  const since = new Date(Date.now() - 1000);
  await Deno.mkdir(dirname(logPath), { recursive: true });
  const log = await Deno.open(logPath, { create: true, write: true, truncate: true });
  const stdout: string[] = [];
  const stderr: string[] = [];
  let status: Deno.CommandStatus;
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", ALL_ENTRY, ...args],
      cwd: PROJECT_ROOT,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    // Stopped: SIGTERM, and SIGKILL if it is still there after a grace period (a process
    // blocked in a lock wait may not act on SIGTERM).
    let killer: ReturnType<typeof setTimeout> | undefined;
    const stop = () => {
      child.kill("SIGTERM");
      killer = setTimeout(() => child.kill("SIGKILL"), KILL_GRACE_MS);
    };
    if (signal?.aborted) stop();
    signal?.addEventListener("abort", stop, { once: true });
    try {
      await Promise.all([pump(child.stdout, log, stdout), pump(child.stderr, log, stderr)]);
      status = await child.status;
    } finally {
      signal?.removeEventListener("abort", stop);
      clearTimeout(killer);
    }
  } finally {
    log.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const told = cellOutput(stdout.join(""), stderr.join(""));
  if (status.success) return { ok: true, ...told.ok, seconds };
  const error = told.error ?? (status.signal ? `killed by ${status.signal}` : `exited ${status.code}`);
  const runId = await recordedRunOf(root, args, since).catch(() => undefined);
  return { ok: false, ...(runId === undefined ? {} : { runId }), error, seconds };
}
