/** A sweep never writes a record its readers refuse: an oversized grid is refused up front, errors are clipped. */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  CELL_ERROR_MAX_BYTES,
  readSweepRecord,
  SWEEP_RECORD_MAX_BYTES,
  type SweepRecord,
  sweepRecordPath,
  writeSweepRecord,
} from "../../../lib/core/store/sweep_record.ts";
import { largestRecordBytes } from "../../../lib/tools/sweep/record_size.ts";
import { planSweep } from "../../../lib/tools/sweep/sweep_plan.ts";
import { newSweepRecord } from "../../../lib/tools/sweep/sweep_runner.ts";
import { PROJECT_ROOT } from "../../../lib/core/store/source_fingerprint.ts";
import { listTree, tempDir } from "../../_files.ts";
import { type StageRun } from "../../_commands.ts";

/**
 * `deno task sweep <args>` as a process, killed after `seconds` (a sweep that starts its
 * cells instead of refusing must not run on).
 */
async function sweepProcess(args: string[], seconds: number): Promise<StageRun> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", join(PROJECT_ROOT, "pipeline", "sweep.ts"), ...args],
    cwd: PROJECT_ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
    signal: AbortSignal.timeout(seconds * 1000),
  }).output();
  const decoder = new TextDecoder();
  return { code: output.code, stdout: decoder.decode(output.stdout), stderr: decoder.decode(output.stderr) };
}

const SMALL = [
  "--limit-train",
  "300",
  "--limit-test",
  "60",
  "--epochs",
  "1",
  "--hidden-dim",
  "32",
  "--workers",
  "1",
];

/** Asserts one refusal line naming the record's size, a usage exit status and nothing written. */
async function assertRefusedUpFront(run: StageRun, root: string, cells: number): Promise<void> {
  const lines = run.stderr.trim().split("\n");
  assert.equal(lines.length, 1, run.stderr);
  assert.match(
    lines[0]!,
    new RegExp(
      `^sweep: error: the grid's record could grow to \\d+ bytes \\(${cells} cells, up to \\d+ bytes each with their arguments\\), more than the ${SWEEP_RECORD_MAX_BYTES} bytes a sweep record may hold; split the grid`,
    ),
  );
  assert.equal(run.code, 2);
  assert.doesNotMatch(run.stdout, /cell 1\//, "no cell started");
  assert.deepEqual(await listTree(root), [], "nothing written under the root");
}

Deno.test("sweep refuses, before any cell runs and writing nothing, a grid whose long flag value in every cell would outgrow its record", async () => {
  const root = await tempDir();
  // 800 cells, each with a 100,000-character --dir (under Linux's 128 KiB per argument) in its
  // arguments: some 80 MB of record.
  const run = await sweepProcess(
    ["--artifacts", root, ...SMALL, "--dir", "d".repeat(100_000), "--seed", "1..800", "--jobs", "1"],
    60,
  );
  await assertRefusedUpFront(run, root, 800);
});

Deno.test("sweep refuses, before any cell runs and writing nothing, a grid of 100,000 cells", async () => {
  const root = await tempDir();
  const run = await sweepProcess(
    ["--artifacts", root, ...SMALL, "--seed", "0..99999", "--max-cells", "100000", "--jobs", "1"],
    120,
  );
  await assertRefusedUpFront(run, root, 100_000);
});

Deno.test("a sweep whose cells fail with long error lines keeps them clipped, within the size it was allowed", async () => {
  const root = await tempDir();
  // Each cell fails at once: its --dir (1,000 characters, named in the error) does not exist.
  const missing = join(root, "m".repeat(1000));
  const args = ["--artifacts", root, ...SMALL, "--dir", missing, "--seed", "1,2", "--jobs", "1"];
  const plan = planSweep(args);
  const allowed = largestRecordBytes(newSweepRecord(plan, args), plan.root);
  const run = await sweepProcess(args, 120);
  assert.equal(run.code, 1, run.stderr);
  const record = await readSweepRecord(root, plan.id);
  assert.deepEqual(record.cells.map((c) => c.status), ["failed", "failed"]);
  for (const cell of record.cells) {
    assert.ok(cell.error!.startsWith("all: error: "), String(cell.error));
    assert.ok(cell.error!.endsWith("…"), String(cell.error));
    assert.ok(new TextEncoder().encode(JSON.stringify(cell.error)).length - 2 <= CELL_ERROR_MAX_BYTES);
    // The whole line stays in the cell's log.
    assert.match(await Deno.readTextFile(cell.log!), new RegExp(`${"m".repeat(1000)}`));
  }
  const written = (await Deno.stat(sweepRecordPath(root, plan.id))).size;
  assert.ok(written <= allowed, `record ${written} bytes, allowed ${allowed}`);
});

Deno.test("writeSweepRecord() refuses, writing nothing, a record larger than its readers accept", async () => {
  const root = await tempDir();
  const record: SweepRecord = {
    id: "0123456789abcdef",
    command: ["x".repeat(SWEEP_RECORD_MAX_BYTES)],
    grid: { profile: "default", axes: [], fixed: {} },
    started: new Date().toISOString(),
    status: "running",
    cells: [],
  };
  await assert.rejects(
    writeSweepRecord(root, record),
    new RegExp(
      `0123456789abcdef\\.json: the sweep record would take \\d+ bytes, more than its readers accept`,
    ),
  );
  assert.deepEqual(await listTree(root), []);
  // One byte under the readers' limit, with its frame, is written and read back.
  const frame = new TextEncoder().encode(JSON.stringify({ ...record, command: [""] }, null, 2) + "\n").length;
  record.command = ["x".repeat(SWEEP_RECORD_MAX_BYTES - frame)];
  await writeSweepRecord(root, record);
  assert.equal((await readSweepRecord(root, record.id)).command[0]!.length, SWEEP_RECORD_MAX_BYTES - frame);
});
