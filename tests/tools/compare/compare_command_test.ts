// deno task compare: one row per configuration with mean ± std over its seeds and only the varying param as a column, --json and --csv agreeing with the runs' metrics, run ids grouped like their sweep, --baseline giving Welch intervals with p and Holm's p (or 'too few seeds' below 3), and one-line refusals of bad ids and flags.
import assert from "node:assert/strict";
import { join } from "node:path";
import { readSweepRecord, writeSweepRecord } from "../../../lib/core/store/sweep_record.ts";
import { assertOneLineError, runStage } from "../../_commands.ts";
import { sweptRoot } from "../../_fixtures.ts";
import { tempDir } from "../../_files.ts";
import { threeSeedSweep } from "../../_three_seed_sweep.ts";

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
  assert.match(lines[3]!, /^2\s+2\s+1,2\s+\d+\.\d+ ± \d+\.\d+ \[\d+\.\d+, \d+\.\d+\]/);
  assert.match(lines[4]!, /^4\s+2\s+1,2\s+\d+\.\d+ ± \d+\.\d+ \[\d+\.\d+, \d+\.\d+\]/);
  assert.match(
    lines[5]!,
    /^Cells: mean ± std over the n runs \[95 % interval of the mean: Student t, n − 1 degrees/,
  );
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
    // n = 2: mean ± t_{0.975,1}·s/√2 with t_{0.975,1} = 12.706205
    const half = 12.706205 * std / Math.SQRT2;
    assert.ok(Math.abs(configuration.stats.valLoss.low - (mean - half)) < 1e-5 * half);
    assert.ok(Math.abs(configuration.stats.valLoss.high - (mean + half)) < 1e-5 * half);
    assert.deepEqual(configuration.trainingSeeds, [1, 2]);
  }
});

Deno.test("compare --csv gives the varying param, n and a mean and std column per metric", async () => {
  const { root, sweepId } = await sweptRoot();
  const result = await runStage("compare", ["--artifacts", root, sweepId, "--csv"]);
  assert.equal(result.code, 0, result.stderr);
  const [header, ...rows] = result.stdout.trim().split("\n");
  const columns = header!.split(",");
  assert.deepEqual(columns.slice(0, 7), [
    "latent-dim",
    "n",
    "seeds",
    "valLoss_mean",
    "valLoss_std",
    "valLoss_ci95_low",
    "valLoss_ci95_high",
  ]);
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

Deno.test("compare of a 3-seed sweep with --baseline prints each difference with its 95 % interval, p and Holm's p", async () => {
  const { root, sweepId } = await threeSeedSweep();
  const out = await tempDir();
  const result = await runStage("compare", [
    "--artifacts",
    root,
    "--out",
    out,
    sweepId,
    "--baseline",
    "latent-dim=2",
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^2\s+3\s+1,2,3\s+\d+\.\d+ ± \d+\.\d+ \[\d+\.\d+, \d+\.\d+\]/m);
  assert.match(
    result.stdout,
    /Against the baseline latent-dim=2 \(n = 3\): .* p \(Holm\) corrects for the \d+ differences tested at once \(Holm's step-down method\)\./,
  );
  const valLoss =
    /^4\s+3\s+final val_loss\s+([+-]\d+\.\d+)\s+\[(-?\d+\.\d+), (-?\d+\.\d+)\]\s+(\d\.\d+(?:e-\d+)?)\s+(\d\.\d+(?:e-\d+)?)\s+(differs|not shown to differ)/m
      .exec(result.stdout);
  assert.ok(valLoss, result.stdout);
  const [delta, low, high, p, pHolm] = valLoss.slice(1, 6).map(Number);
  assert.ok(low! < delta! && delta! < high!, "the interval holds the difference");
  assert.ok(pHolm! >= p!, "Holm never lowers a p-value");
  const json = JSON.parse(await Deno.readTextFile(join(out, "table.json")));
  const [two, four] = json.configurations;
  const d = json.baseline.differences.find((x: { metric: string }) => x.metric === "valLoss");
  assert.ok(Math.abs(d.difference - (four.stats.valLoss.mean - two.stats.valLoss.mean)) < 1e-9);
  assert.equal(json.baseline.n, 3);
  const csv = (await Deno.readTextFile(join(out, "table.csv"))).trim().split("\n");
  const header = csv[0]!.split(",");
  const judgement = header.indexOf("valLoss_judgement");
  assert.ok(judgement > 0 && header.includes("valLoss_p_holm"));
  assert.deepEqual(csv.slice(1).map((row) => row.split(",")[judgement]), ["baseline", "tested"]);
});

Deno.test("compare of a 2-seed sweep with --baseline says too few seeds to judge and gives no p-value", async () => {
  const { root, sweepId } = await sweptRoot();
  const result = await runStage("compare", ["--artifacts", root, sweepId, "--baseline", "latent-dim=4"]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /corrects for the 0 differences tested at once/);
  assert.match(
    result.stdout,
    /^2\s+2\s+final val_loss\s+[+-]\d+\.\d+\s+—\s+—\s+—\s+too few seeds to judge \(n = 2 here and 2 at the baseline; 3 per side needed\)$/m,
  );
});

Deno.test("compare refuses a --baseline that names no configuration, in one line naming the choices", async () => {
  const { root, sweepId } = await sweptRoot();
  assertOneLineError(
    await runStage("compare", ["--artifacts", root, sweepId, "--baseline", "latent-dim=3"]),
    "compare",
    /--baseline latent-dim=3: no configuration has that setting; the configurations: latent-dim=2; latent-dim=4/,
  );
  assertOneLineError(
    await runStage("compare", ["--artifacts", root, sweepId, "--baseline", "3"]),
    "compare",
    /--baseline "3": expected flag=value pairs/,
  );
});

Deno.test("compare refuses --baseline on the runs of one configuration in one line, not with an empty table", async () => {
  const { root, sweepId } = await sweptRoot();
  const record = await readSweepRecord(root, sweepId);
  const latent2 = record.cells.filter((c) => c.setting["latent-dim"] === "2").map((c) => c.runId!);
  assert.equal(latent2.length, 2);
  assertOneLineError(
    await runStage("compare", ["--artifacts", root, ...latent2, "--baseline", "latent-dim=2"]),
    "compare",
    /--baseline latent-dim=2: these runs are one configuration \(seeds are pooled within it; none varies between these runs\)/,
  );
  assertOneLineError(
    await runStage("compare", ["--artifacts", root, ...latent2, "--baseline", "seed=1"]),
    "compare",
    /--baseline seed=1: --seed is a seed, and seeds are pooled within a configuration; --baseline names a configuration setting \(none varies between these runs\)/,
  );
});
