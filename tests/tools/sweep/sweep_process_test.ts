// A sweep killed (SIGKILL) or stopped (SIGTERM) finishes when run again, two sweeps sharing a cell train it once, a stopped rerun keeps earlier cell records, and the same sweep started twice at once is refused in one line.
import assert from "node:assert/strict";
import { join } from "node:path";
import { readSweepRecord, sweepRecordExists } from "../../../lib/core/store/sweep_record.ts";
import { readRunRecord } from "../../../lib/core/store/run_record.ts";
import { PROJECT_ROOT } from "../../../lib/core/store/source_fingerprint.ts";
import { artifactIds, tempDir } from "../../_files.ts";
import { SMALL_GRID, smallMnist, sweptRoot } from "../../_fixtures.ts";
import { lockArtifact, tryLockSweep } from "../../../lib/core/store/artifact_lock.ts";

/** Two cells of a few seconds each: small data, 3 epochs (a checkpoint after each). */
const SLOW_CELLS = [
  ...[
    "--limit-train",
    "300",
    "--limit-test",
    "60",
    "--epochs",
    "3",
    "--hidden-dim",
    "32",
    "--latent-dim",
    "2",
  ],
  ...["--passes", "3", "--workers", "1"],
];

function startSweep(root: string, args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", join(PROJECT_ROOT, "pipeline", "sweep.ts"), "--artifacts", root, ...args],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

async function finished(child: Deno.ChildProcess): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await child.output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: text(output.stdout), stderr: text(output.stderr) };
}

/** Waits until the sweep record under `root` has a cell that is ok. */
async function firstCellDone(root: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const entries = await Array.fromAsync(Deno.readDir(join(root, "sweeps"))).catch(() => []);
    for (const entry of entries.filter((e) => e.name.endsWith(".json"))) {
      const id = entry.name.slice(0, -5);
      if (!await sweepRecordExists(root, id)) continue;
      const record = await readSweepRecord(root, id).catch(() => undefined);
      if (record?.cells.some((c) => c.status === "ok")) return id;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("no cell finished within 60 s");
}

Deno.test("a sweep killed with SIGKILL mid-way continues when run again: finished cells are up to date, every cell ends ok", async () => {
  const root = await tempDir();
  await smallMnist(root, 300, 60);
  const args = [...SLOW_CELLS, "--seed", "1,2,3"];
  const first = startSweep(root, args);
  const id = await firstCellDone(root);
  first.kill("SIGKILL");
  await finished(first);
  const killed = await readSweepRecord(root, id);
  assert.equal(killed.status, "running", "a killed sweep could not finish its record");
  assert.ok(killed.cells.some((c) => c.status !== "ok"), "killed before the last cell ended");

  const again = await finished(startSweep(root, args));
  assert.equal(again.code, 0, again.stderr);
  const record = await readSweepRecord(root, id);
  assert.equal(record.status, "ok");
  assert.deepEqual(record.cells.map((c) => c.status), ["ok", "ok", "ok"]);
  assert.equal(record.cells[0]!.outcome, "up to date");
  assert.equal((await artifactIds(root, "model")).length, 3);
});

Deno.test("a sweep stopped with SIGTERM says interrupted, exits non-zero, and the same command then finishes it", async () => {
  const root = await tempDir();
  await smallMnist(root, 300, 60);
  const args = [...SLOW_CELLS, "--seed", "4,5,6"];
  const first = startSweep(root, args);
  const id = await firstCellDone(root);
  first.kill("SIGTERM");
  const stopped = await finished(first);
  assert.notEqual(stopped.code, 0);
  assert.match(stopped.stderr, /^sweep: error: interrupted; finished cells are kept/m);
  const record = await readSweepRecord(root, id);
  assert.equal(record.status, "interrupted");
  assert.equal(record.cells[0]!.status, "ok");
  assert.ok(
    record.cells.every((c) => c.status === "ok" || c.status === "pending"),
    JSON.stringify(record.cells),
  );

  const again = await finished(startSweep(root, args));
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual((await readSweepRecord(root, id)).cells.map((c) => c.status), ["ok", "ok", "ok"]);
});

Deno.test("two sweeps that share a cell, started at once on one root, both finish and the shared cell is trained once", async () => {
  const root = await tempDir();
  await smallMnist(root, 300, 60);
  const [a, b] = await Promise.all([
    finished(startSweep(root, [...SLOW_CELLS, "--seed", "7,8"])),
    finished(startSweep(root, [...SLOW_CELLS, "--seed", "8,9"])),
  ]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  assert.equal((await artifactIds(root, "model")).length, 3);
  const records = await Promise.all(
    (await Array.fromAsync(Deno.readDir(join(root, "sweeps"))))
      .filter((e) => e.name.endsWith(".json"))
      .map((e) => readSweepRecord(root, e.name.slice(0, -5))),
  );
  const shared = records.flatMap((r) => r.cells).filter((c) => c.setting.seed === "8");
  assert.equal(shared.length, 2);
  assert.equal(shared.filter((c) => c.outcome?.includes("train")).length, 1, JSON.stringify(shared));
  // Each cell's stages read what the stage before them made in that same run, whatever the
  // other sweep did to LATEST meanwhile.
  for (const cell of records.flatMap((r) => r.cells)) {
    const run = await readRunRecord(root, cell.runId!);
    run.stages.slice(1).forEach((stage, i) =>
      assert.ok(stage.inputs.some((input) => input.id === run.stages[i]!.id), `${cell.runId}: ${stage.stage}`)
    );
    const train = run.stages.find((stage) => stage.stage === "train")!;
    assert.equal(String(train.params.seed), cell.setting.seed);
  }
});

Deno.test("a rerun stopped before it reaches a cell keeps what the earlier run recorded for that cell", async () => {
  const { root, sweepId } = await sweptRoot();
  const before = await readSweepRecord(root, sweepId);
  // Cell 1 must compute again (its evaluation is gone) and waits on that artifact's lock, held here.
  const run = await readRunRecord(root, before.cells[0]!.runId!);
  const evaluation = run.stages.find((stage) => stage.kind === "evaluate")!.id;
  await Deno.remove(join(root, "evaluate", evaluation), { recursive: true });
  const lock = await lockArtifact(root, "evaluate", evaluation);
  try {
    const rerun = startSweep(root, [...SMALL_GRID, "--jobs", "1"]);
    for (let i = 0; i < 300; i++) {
      const record = await readSweepRecord(root, sweepId).catch(() => undefined);
      if (record?.cells[0]?.status === "running") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    rerun.kill("SIGTERM");
    assert.notEqual((await finished(rerun)).code, 0);
  } finally {
    lock.release();
  }
  const after = await readSweepRecord(root, sweepId);
  assert.equal(after.status, "interrupted");
  assert.equal(
    after.cells[0]!.status,
    "pending",
    JSON.stringify(after.cells[0]) + (await Deno.readTextFile(after.cells[0]!.log!)),
  );
  for (const i of [1, 2, 3]) {
    assert.equal(after.cells[i]!.status, "ok");
    assert.equal(after.cells[i]!.runId, before.cells[i]!.runId, `cell ${i + 1} keeps its earlier run`);
  }
});

Deno.test("the same sweep started while it runs refuses in one line", async () => {
  const { root, sweepId } = await sweptRoot();
  const lock = await tryLockSweep(root, sweepId);
  try {
    const second = await finished(startSweep(root, SMALL_GRID));
    assert.equal(second.code, 1);
    assert.equal(second.stderr.trim().split("\n").length, 1, second.stderr);
    assert.match(second.stderr, new RegExp(`^sweep: error: sweep ${sweepId} is already running on `));
  } finally {
    lock?.release();
  }
});
