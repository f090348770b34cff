/**
 * `deno task sweep --executor slurm` against a real one-node Slurm cluster that this file
 * starts (tests/slurm_harness/slurm_cluster.ts) and stops. Cells that must not finish on their own (to be
 * cancelled, or to run out of time) wait on a lock this test holds on the artifact they would
 * compute, so they cost no CPU.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { firstArtifactToCompute, planAll } from "../../../lib/tools/all/all_plan.ts";
import { readArtifact } from "../../../lib/core/store/artifact_read.ts";
import { lockArtifact } from "../../../lib/core/store/artifact_lock.ts";
import { readSweepRecord, type SweepRecord } from "../../../lib/core/store/sweep_record.ts";
import { PROJECT_ROOT } from "../../../lib/core/store/source_fingerprint.ts";
import { slurm, SLURM_WIDE_PARTITION, startSlurmCluster } from "../../slurm_harness/slurm_cluster.ts";
import { artifactIds, copyArtifacts, tempDir } from "../../_files.ts";
import { SMALL_GRID, smallMnist, sweptRoot } from "../../_fixtures.ts";

const cluster = await startSlurmCluster({ cpus: 4 });
globalThis.addEventListener("unload", () => void cluster.stop());

interface Swept {
  code: number;
  stdout: string;
  stderr: string;
}

function startSweep(args: string[], env: Record<string, string> = cluster.env): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", join(PROJECT_ROOT, "pipeline", "sweep.ts"), "--executor", "slurm", ...args],
    env,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

async function finished(child: Deno.ChildProcess): Promise<Swept> {
  const output = await child.output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: text(output.stdout), stderr: text(output.stderr) };
}

async function sweepRecordOf(root: string): Promise<SweepRecord> {
  const names = [...Deno.readDirSync(join(root, "sweeps"))].filter((e) => e.name.endsWith(".json"));
  assert.equal(names.length, 1);
  return await readSweepRecord(root, names[0]!.name.slice(0, -5));
}

/** Waits until `squeue` shows a RUNNING task of a job named sweep-*. */
async function aTaskRuns(): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const out = await slurm(cluster, "squeue", ["-h", "-t", "RUNNING", "-o", "%i|%j"]);
    const task = out.split("\n").find((line) => line.includes("|sweep-"))?.split("|")[0];
    if (task) return task;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("no sweep task started running within 60 s");
}

/** Holds the lock of the first artifact a cell with `args` would compute under `root`. */
async function blockCell(root: string, args: string[]) {
  const artifact = await firstArtifactToCompute(planAll([...args, "--artifacts", root]));
  assert.ok(artifact?.id, "the cell has something to compute");
  return await lockArtifact(root, artifact.kind, artifact.id);
}

const ONE_CELL = SMALL_GRID.map((arg) => arg === "2,4" ? "2" : arg === "1,2" ? "5" : arg);

Deno.test("a cell that runs past --slurm-time is reported as TIMEOUT with its log, and the sweep exits 1", async () => {
  const root = await tempDir();
  await smallMnist(root, 300, 60);
  const lock = await blockCell(root, ONE_CELL);
  try {
    const child = startSweep(["--artifacts", root, ...ONE_CELL, "--slurm-time", "1"]);
    const task = await aTaskRuns();
    // slurmctld checks limits every 30 s: a limit cut to 0 ends the task at the next check.
    await slurm(cluster, "scontrol", ["update", `JobId=${task}`, "TimeLimit=0"]);
    const result = await finished(child);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^sweep: error: 1 of 1 cells failed/m);
    const cell = (await sweepRecordOf(root)).cells[0]!;
    assert.equal(cell.status, "failed");
    assert.equal(cell.state, "TIMEOUT");
    assert.match(cell.error!, /^TIMEOUT/);
    assert.match(cell.executor!, /^slurm job \d+_0$/);
    assert.ok((await Deno.stat(cell.log!)).isFile, "the task's log is where the record says");
  } finally {
    lock.release();
  }
});

Deno.test("a 2 × 2 sweep on Slurm makes the same artifacts, byte for byte, as the same sweep run locally", async () => {
  const local = await sweptRoot();
  const root = await tempDir();
  await smallMnist(root, 300, 60);
  const result = await finished(
    startSweep(["--artifacts", root, ...SMALL_GRID, "--jobs", "2", "--slurm-cpus", "1"]),
  );
  assert.equal(result.code, 0, result.stderr + result.stdout);
  assert.match(result.stdout, /submitted 4 cell\(s\) as Slurm job array \d+/);
  const record = await sweepRecordOf(root);
  assert.equal(record.id, local.sweepId, "the same grid is the same sweep");
  assert.deepEqual(record.cells.map((c) => [c.status, c.state]), Array(4).fill(["ok", "COMPLETED"]));
  for (const kind of ["mnist", "model", "export", "evaluate"]) {
    const ids = await artifactIds(root, kind);
    assert.deepEqual(ids, await artifactIds(local.root, kind), kind);
    for (const id of ids) {
      const [a, b] = await Promise.all([
        readArtifact(join(root, kind, id), { root }),
        readArtifact(join(local.root, kind, id), { root: local.root }),
      ]);
      assert.deepEqual(a.manifest.files, b.manifest.files, `${kind} ${id}`);
    }
  }
  // Run again: every cell is up to date, recorded here, nothing submitted.
  const again = await finished(startSweep(["--artifacts", root, ...SMALL_GRID]));
  assert.equal(again.code, 0, again.stderr);
  assert.doesNotMatch(again.stdout, /submitted/);
  assert.deepEqual(
    (await sweepRecordOf(root)).cells.map((c) => [c.executor, c.outcome]),
    Array(4).fill(["local", "up to date"]),
  );
});

Deno.test("a cell cancelled with scancel mid-run is reported CANCELLED, and the next run completes it", async () => {
  const root = await tempDir();
  await smallMnist(root, 300, 60);
  const lock = await blockCell(root, ONE_CELL);
  const child = startSweep(["--artifacts", root, ...ONE_CELL]);
  const task = await aTaskRuns();
  await slurm(cluster, "scancel", [task]);
  const result = await finished(child);
  lock.release();
  assert.equal(result.code, 1);
  const cell = (await sweepRecordOf(root)).cells[0]!;
  assert.deepEqual([cell.status, cell.state], ["failed", "CANCELLED"]);
  const again = await finished(startSweep(["--artifacts", root, ...ONE_CELL]));
  assert.equal(again.code, 0, again.stderr);
  const done = (await sweepRecordOf(root)).cells[0]!;
  assert.deepEqual([done.status, done.state], ["ok", "COMPLETED"]);
});

Deno.test("no sbatch on PATH, an unknown partition, a root a multi-node partition cannot see: one line, nothing submitted", async () => {
  const root = await tempDir();
  await copyArtifacts((await sweptRoot()).root, root);
  const cases: [string[], Record<string, string>, RegExp][] = [
    [[], { ...cluster.env, PATH: "/nonexistent" }, /--executor slurm: sbatch not found or not working/],
    [
      ["--slurm-partition", "nosuch"],
      cluster.env,
      /--slurm-partition nosuch: no such partition; sinfo knows debug, wide/,
    ],
    [
      ["--slurm-partition", SLURM_WIDE_PARTITION],
      cluster.env,
      /--artifacts .*: on a \S+ filesystem of this machine, but partition wide has 2 nodes that must all see it/,
    ],
  ];
  for (const [args, env, pattern] of cases) {
    const before = await slurm(cluster, "squeue", ["-h", "-t", "all", "-o", "%i"]);
    const result = await finished(startSweep(["--artifacts", root, ...ONE_CELL, ...args], env));
    assert.equal(result.code, 1, result.stdout);
    assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
    assert.match(result.stderr, pattern);
    assert.equal(
      await slurm(cluster, "squeue", ["-h", "-t", "all", "-o", "%i"]),
      before,
      "nothing submitted",
    );
  }
});

Deno.test("Ctrl-C while a Slurm sweep waits cancels its array with scancel, exits non-zero and says interrupted", async () => {
  const root = await tempDir();
  await smallMnist(root, 300, 60);
  const args = SMALL_GRID.map((arg) => arg === "2,4" ? "2" : arg === "1,2" ? "11" : arg);
  const lock = await blockCell(root, args);
  try {
    const child = startSweep(["--artifacts", root, ...args]);
    const task = await aTaskRuns();
    child.kill("SIGINT");
    const result = await finished(child);
    assert.notEqual(result.code, 0);
    assert.match(result.stdout, /cancelled Slurm job array \d+ \(scancel\)/);
    assert.match(result.stderr, /^sweep: error: interrupted; finished cells are kept/m);
    const record = await sweepRecordOf(root);
    assert.equal(record.status, "interrupted");
    const state = await slurm(cluster, "scontrol", ["-o", "show", "job", task]);
    assert.match(state, /JobState=CANCELLED/);
  } finally {
    lock.release();
  }
});

Deno.test("an array sbatch refuses leaves a finished record: the cells failed with sbatch's line, exit 1, one line", async () => {
  const root = await tempDir();
  await smallMnist(root, 300, 60);
  const result = await finished(
    startSweep(["--artifacts", root, ...ONE_CELL, "--slurm-extra=--no-such-sbatch-option"]),
  );
  assert.equal(result.code, 1);
  assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
  assert.match(result.stderr, /^sweep: error: sbatch refused the array: /);
  const record = await sweepRecordOf(root);
  assert.equal(record.status, "failed");
  assert.ok(record.finished !== undefined);
  assert.deepEqual(record.cells.map((c) => c.status), ["failed"]);
  assert.match(record.cells[0]!.error!, /sbatch refused the array/);
});
