import assert from "node:assert/strict";
import { join } from "node:path";
import { readSweepRecord, writeSweepRecord } from "../../lib/store/sweep_record.ts";
import { assertOneLineError, runStage, sweptRoot, tempDir } from "../_helpers.ts";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

Deno.test("compare of a sweep shows one row per latent size with mean ± std over n = 2 seeds and only the varying param as a column", async () => {
  const { root, sweepId } = await sweptRoot();
  const result = await runStage("compare", ["--artifacts", root, sweepId]);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.trim().split("\n");
  assert.match(lines[0]!, new RegExp(`^sweep ${sweepId}: 2 configuration\\(s\\)$`));
  const header = lines[1]!.split(/\s{2,}/);
  assert.deepEqual(header.slice(0, 3), ["latent-dim", "n", "seeds"]);
  assert.ok(!header.includes("epochs") && !header.includes("hidden-dim"), "constant params get no column");
  assert.match(lines[3]!, /^2\s+2\s+1,2\s+\d+\.\d+ ± \d+\.\d+/);
  assert.match(lines[4]!, /^4\s+2\s+1,2\s+\d+\.\d+ ± \d+\.\d+/);
  const dir = join(root, "compare", sweepId);
  for (const name of ["table.txt", "table.csv", "table.json", "singlePassRms_vs_latent-dim.png"]) {
    assert.ok((await Deno.stat(join(dir, name))).size > 0, name);
  }
  const png = await Deno.readFile(join(dir, "reconGap_vs_latent-dim.png"));
  assert.deepEqual([...png.subarray(0, 4)], PNG_SIGNATURE);
});

Deno.test("compare --json holds every run and mean ± std equal to those of its runs' metrics", async () => {
  const { root, sweepId } = await sweptRoot();
  const result = await runStage("compare", ["--artifacts", root, sweepId, "--json"]);
  assert.equal(result.code, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  assert.deepEqual(json.varying, ["latent-dim"]);
  assert.equal(json.configurations.length, 2);
  for (const configuration of json.configurations) {
    assert.equal(configuration.n, 2);
    const values: number[] = configuration.runs.map((r: { metrics: Record<string, number> }) =>
      r.metrics.valLoss
    );
    const mean = (values[0]! + values[1]!) / 2;
    const std = Math.abs(values[0]! - values[1]!) / Math.SQRT2;
    assert.ok(Math.abs(configuration.stats.valLoss.mean - mean) < 1e-9);
    assert.ok(Math.abs(configuration.stats.valLoss.std - std) < 1e-9);
    assert.ok(configuration.stats.valLoss.std > 0, "two training seeds give two losses");
    assert.deepEqual(configuration.trainingSeeds, [1, 2]);
  }
});

Deno.test("compare --csv gives the varying param, n and a mean and std column per metric", async () => {
  const { root, sweepId } = await sweptRoot();
  const result = await runStage("compare", ["--artifacts", root, sweepId, "--csv"]);
  assert.equal(result.code, 0, result.stderr);
  const [header, ...rows] = result.stdout.trim().split("\n");
  const columns = header!.split(",");
  assert.deepEqual(columns.slice(0, 5), ["latent-dim", "n", "seeds", "valLoss_mean", "valLoss_std"]);
  assert.ok(columns.includes("iwBound_std") && columns.includes("activeUnits_mean"));
  assert.equal(rows.length, 2);
  assert.deepEqual(rows.map((r) => r.split(",").slice(0, 3)), [["2", "2", "1 2"], ["4", "2", "1 2"]]);
});

Deno.test("compare of run ids groups them the same way as their sweep", async () => {
  const { root, sweepId } = await sweptRoot();
  const record = await readSweepRecord(root, sweepId);
  const out = await tempDir();
  const result = await runStage("compare", [
    "--artifacts",
    root,
    "--out",
    out,
    "--json",
    ...record.cells.map((c) => c.runId!),
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout).configurations.map((c: { n: number }) => c.n), [2, 2]);
  assert.ok((await Deno.stat(join(out, "table.csv"))).isFile);
});

Deno.test("compare refuses an unknown id, a missing argument and --json with --csv in one line", async () => {
  const { root } = await sweptRoot();
  assertOneLineError(
    await runStage("compare", ["--artifacts", root, "0123456789abcdef"]),
    "compare",
    /0123456789abcdef: neither a sweep id with a record under .* nor a run id/,
  );
  assertOneLineError(
    await runStage("compare", ["--artifacts", root]),
    "compare",
    /expected a sweep id or run ids/,
  );
  assertOneLineError(
    await runStage("compare", ["--artifacts", root, "x", "--json", "--csv"]),
    "compare",
    /--json and --csv: pick one/,
  );
});

Deno.test("compare of a latent-study sweep also writes the study, naming the cells not finished yet", async () => {
  const { root, sweepId } = await sweptRoot();
  const record = await readSweepRecord(root, sweepId);
  record.grid.profile = "latent-study";
  record.cells[3]!.status = "pending";
  await writeSweepRecord(root, record);
  const result = await runStage("compare", ["--artifacts", root, sweepId]);
  assert.equal(result.code, 0, result.stderr);
  const path = join(root, "studies", sweepId, "study.md");
  assert.match(result.stdout, new RegExp(`latent-size study: ${path.replaceAll(".", "\\.")}`));
  const study = await Deno.readTextFile(path);
  assert.match(study, /^\| 4 \| 1 \| /m, "latent 4 has one finished seed");
  assert.match(study, /Not in the table yet .*cell 4 \(latent-dim=4 seed=2\): pending/);
});
