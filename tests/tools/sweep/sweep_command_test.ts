// deno task sweep: a 2 × 2 sweep runs and records every cell and a rerun finds them up to date, a failing cell is reported with its error line, run record and log while the others finish (exit 1), and bad lists, ranges or limits are one line with exit 2 and nothing written.
import assert from "node:assert/strict";
import { join } from "node:path";
import { readSweepRecord } from "../../../lib/core/store/sweep_record.ts";
import { readRunRecord } from "../../../lib/core/store/run_record.ts";
import { artifactIds, tempDir } from "../../_files.ts";
import { assertOneLineError, runStage } from "../../_commands.ts";
import { SMALL_GRID, sweptRoot } from "../../_fixtures.ts";

Deno.test("a 2 × 2 sweep runs every cell, records each cell's params, run and outcome, and a rerun finds every cell up to date", async () => {
  const { root, sweepId } = await sweptRoot();
  const record = await readSweepRecord(root, sweepId);
  assert.equal(record.status, "ok");
  assert.deepEqual(record.grid.axes.filter((a) => a.values.length > 1), [
    { flag: "latent-dim", values: ["2", "4"] },
    { flag: "seed", values: ["1", "2"] },
  ]);
  assert.deepEqual(record.cells.map((c) => [c.setting["latent-dim"], c.setting.seed]), [
    ["2", "1"],
    ["2", "2"],
    ["4", "1"],
    ["4", "2"],
  ]);
  for (const cell of record.cells) {
    assert.equal(cell.status, "ok");
    const run = await readRunRecord(root, cell.runId!);
    const train = run.stages.find((s) => s.stage === "train")!;
    assert.equal(train.params.latentDim, Number(cell.setting["latent-dim"]));
    assert.equal(train.params.seed, Number(cell.setting.seed));
    assert.match(await Deno.readTextFile(cell.log!), /run recorded: /);
  }
  assert.equal((await artifactIds(root, "model")).length, 4);

  const rerun = await runStage("sweep", ["--artifacts", root, ...SMALL_GRID]);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.match(rerun.stdout, new RegExp(`^sweep ${sweepId}: 4 cells`, "m"));
  const again = await readSweepRecord(root, sweepId);
  assert.deepEqual(again.cells.map((c) => c.outcome), [
    "up to date",
    "up to date",
    "up to date",
    "up to date",
  ]);
  assert.equal((await artifactIds(root, "model")).length, 4);
  // The sweep ends with the comparison of its cells: one row per latent size, n = 2.
  assert.match(rerun.stdout, /^latent-dim\s+n\s+seeds/m);
  assert.match(rerun.stdout, /^2\s+2\s+1,2\s/m);
});

Deno.test("a failing cell is reported with its error line, run record and log while the other cells finish; the sweep exits 1", async () => {
  const { root, sweepId } = await sweptRoot();
  const record = await readSweepRecord(root, sweepId);
  // Damage the model of cell 3 (latent 4, seed 1): its rerun must refuse it, the others are up to date.
  const run = await readRunRecord(root, record.cells[2]!.runId!);
  const model = run.stages.find((s) => s.stage === "train")!.id;
  const weights = join(root, "model", model, "weights.bin");
  const bytes = await Deno.readFile(weights);
  bytes[10] = bytes[10]! ^ 0xff;
  await Deno.writeFile(weights, bytes);

  const result = await runStage("sweep", ["--artifacts", root, ...SMALL_GRID]);
  assertOneLineError(result, "sweep", /1 of 4 cells failed \(cells 3\)/);
  assert.match(result.stdout, /FAILED cell 3\/4 \(latent-dim=4 seed=1\).*weights\.bin.*\(log: /);
  const after = await readSweepRecord(root, sweepId);
  assert.equal(after.status, "failed");
  assert.deepEqual(after.cells.map((c) => c.status), ["ok", "ok", "failed", "ok"]);
  const failed = after.cells[2]!;
  assert.match(failed.error!, /^all: error: .*weights\.bin/);
  assert.match(await Deno.readTextFile(failed.log!), /weights\.bin/);
  const failedRun = await readRunRecord(root, failed.runId!);
  assert.equal(failedRun.status, "failed");
  assert.equal(failedRun.error, failed.error);
  // The comparison still covers the cells that finished.
  assert.match(result.stdout, /^4\s+1\s+2\s/m);
});

const BAD_INPUTS: [string, string[], RegExp][] = [
  [
    "an unknown flag",
    ["--latent-size", "2,4"],
    /Unknown option '--latent-size'.*valid flags: .*--latent-dim/,
  ],
  ["an empty list", ["--seed", ""], /--seed "": empty value in the list/],
  ["an empty item", ["--seed", "1,,2"], /--seed "1,,2": empty value in the list/],
  ["a malformed range", ["--seed", "1..x"], /--seed "1\.\.x": malformed range; write it as FIRST\.\.LAST/],
  ["a backwards range", ["--seed", "5..1"], /--seed 5\.\.1: the range is empty/],
  ["a value a stage refuses", ["--epochs", "1,0"], /cell 2 \(--epochs 0\): .*--epochs 0: out of range/],
  ["--jobs 0", ["--jobs", "0"], /--jobs 0: out of range/],
  ["more than 1,000 cells", ["--seed", "1..1001"], /1001 cells, more than --max-cells 1000/],
  ["more cells than --max-cells", ["--seed", "1..3", "--max-cells", "2"], /3 cells, more than --max-cells 2/],
  ["an unknown profile", ["--profile", "huge"], /--profile "huge": expected default, smoke, latent-study/],
];

for (const [what, args, pattern] of BAD_INPUTS) {
  Deno.test(`sweep refuses ${what} in one line and starts nothing`, async () => {
    const root = await tempDir();
    const result = await runStage("sweep", ["--artifacts", root, ...args]);
    assertOneLineError(result, "sweep", pattern);
    assert.equal(result.code, 2);
    assert.deepEqual([...Deno.readDirSync(root)], [], "nothing written");
  });
}
