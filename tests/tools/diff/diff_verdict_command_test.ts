// diff's verdict on two trainings: judged against the training-seed σ of a sweep's other seeds (never the compared runs, else 'unknown'), the verdict lines before any detail, no per-dimension or per-digit numbers, and the same verdict in --json.
import assert from "node:assert/strict";
import { join } from "node:path";
import { meanStd } from "../../../lib/tools/compare/mean_std.ts";
import { writeSweepRecord } from "../../../lib/core/store/sweep_record.ts";
import { copyArtifacts, tempDir } from "../../_files.ts";
import { runStage, runStageOk } from "../../_commands.ts";
import { SMALL_RUN, smallRunRoot } from "../../_fixtures.ts";

/** The sweep command for the configuration of {@link SMALL_RUN}: its non-default flags, seeds aside. */
const SMALL_RUN_FLAGS =
  "--limit-train 300 --limit-test 60 --epochs 1 --latent-dim 4 --hidden-dim 32 --passes 3";

/** The sweep diff suggests for seeds 1 and 2 of {@link SMALL_RUN}: their own seeds and 3 others. */
const SMALL_RUN_SWEEP = `deno task sweep --seed 1,2,3,4,5 ${SMALL_RUN_FLAGS}`;

interface SeedRuns {
  root: string;
  /** Run id by training seed. */
  runs: Map<number, string>;
}

/** One root with five small runs that differ only in --seed (1 to 5): made once per module. */
let seedRuns: Promise<SeedRuns> | undefined;

function fiveSeeds(): Promise<SeedRuns> {
  seedRuns ??= (async () => {
    const { root, stdout } = await smallRunRoot();
    const runId = (out: string) => /run recorded: .*\/runs\/(\S+)\.json/.exec(out)![1]!;
    const runs = new Map([[1, runId(stdout)]]);
    for (const seed of [2, 3, 4, 5]) {
      const run = await runStageOk("all", ["--artifacts", root, ...SMALL_RUN, "--seed", String(seed)]);
      runs.set(seed, runId(run.stdout));
    }
    return { root, runs };
  })();
  return seedRuns;
}

/** A copy of the five-seed root with a sweep record (written by hand) whose cells are the runs of `seeds`. */
async function sweptRoot(
  seeds = [1, 2, 3, 4, 5],
): Promise<{ root: string; runs: Map<number, string>; sweepId: string }> {
  const { root: built, runs } = await fiveSeeds();
  const root = await tempDir();
  await copyArtifacts(built, root, true);
  const sweepId = "5eed5eed5eed5eed";
  await writeSweepRecord(root, {
    id: sweepId,
    command: ["deno", "task", "sweep", "--seed", seeds.join(","), ...SMALL_RUN],
    grid: { profile: "default", axes: [{ flag: "seed", values: seeds.map(String) }], fixed: {} },
    started: "2026-11-26T00:00:00.000Z",
    finished: "2026-11-26T00:01:00.000Z",
    status: "ok",
    cells: seeds.map((seed, index) => ({
      index,
      setting: { seed: String(seed) },
      args: [...SMALL_RUN, "--seed", String(seed)],
      status: "ok" as const,
      runId: runs.get(seed)!,
    })),
  });
  return { root, runs, sweepId };
}

/** The run record's stage ids by kind. */
async function stageIds(root: string, runId: string): Promise<Record<string, string>> {
  const record = JSON.parse(await Deno.readTextFile(join(root, "runs", `${runId}.json`)));
  return Object.fromEntries(record.stages.map((s: { kind: string; id: string }) => [s.kind, s.id]));
}

Deno.test("diff of two trainings that differ only in --seed, with no sweep, leaves the change unjudged and prints the sweep that would measure it", async () => {
  const { root, runs } = await fiveSeeds();
  const run = await runStage("diff", [
    "--artifacts",
    root,
    runs.get(1)!,
    runs.get(2)!,
    "--out",
    await tempDir(),
  ]);
  assert.equal(run.code, 1, run.stderr);
  const lines = run.stdout.split("\n");
  assert.match(
    lines[2]!,
    /^verdict: DIFFERENT: two trainings \(model [0-9a-f]{16} → [0-9a-f]{16}\); of the 8 headline metrics, \d+ changed but (is|are) not judged \(training-seed spread unknown\)( and \d+ (is|are) unchanged)?\.$/,
  );
  assert.ok(lines.includes("  params: --seed 1 → 2 (train)"), run.stdout);
  assert.ok(lines.includes("  code: same source files"), run.stdout);
  assert.match(
    run.stdout,
    /^ {2}negElbo went from [0-9.]+ to [0-9.]+ \(Δ -?[0-9.e-]+\) and is not judged, since the training-seed spread is unknown\.$/m,
  );
  // Not on the evaluation-seed noise alone: neither in the verdict nor in the detail, which
  // does not set any number against it either.
  assert.doesNotMatch(run.stdout, /beyond noise|within noise|evaluation-seed/);
  assert.match(run.stdout, /^ {4}negElbo\.total: [0-9.]+ → [0-9.]+ \(Δ [^;)]*\)$/m);
  // On the root the runs are in, so that diffing again finds the sweep.
  assert.ok(lines.includes(`  ${SMALL_RUN_SWEEP} --artifacts ${root}`), run.stdout);
});

Deno.test("diff of two trainings judges each headline metric against the training-seed σ of the sweep's other seeds, and names them and the sweep", async () => {
  const { root, runs, sweepId } = await sweptRoot();
  const run = await runStage("diff", ["--artifacts", root, runs.get(1)!, runs.get(2)!, "--json"]);
  assert.equal(run.code, 1, run.stderr);
  const { verdict } = JSON.parse(run.stdout);
  assert.equal(verdict.training, "different trainings");
  assert.equal(verdict.spreads.a.n, 3);
  assert.deepEqual(verdict.spreads.a.seeds, [3, 4, 5], "seeds 1 and 2 are the runs compared: left out");
  assert.equal(verdict.spreads.a.leftOut, 2);
  assert.deepEqual(verdict.spreads.a.sweeps, [sweepId]);
  assert.deepEqual(verdict.sweepCommands, []);
  // σ is the sample std of the −ELBO of seeds 3, 4 and 5, and a difference of two trainings has √2 σ.
  const negElbos = new Map<number, number>();
  for (const seed of [1, 2, 3, 4, 5]) {
    const ids = await stageIds(root, runs.get(seed)!);
    const metrics = JSON.parse(
      await Deno.readTextFile(join(root, "evaluate", ids.evaluate!, "metrics.json")),
    );
    negElbos.set(seed, metrics.negElbo.total);
  }
  const sigma = meanStd([negElbos.get(3)!, negElbos.get(4)!, negElbos.get(5)!]).std;
  const negElbo = verdict.headline.find((h: { key: string }) => h.key === "negElbo");
  assert.ok(Math.abs(negElbo.noise.a.sigma - sigma) < 1e-9 * sigma);
  assert.ok(Math.abs(negElbo.noise.sigma - Math.SQRT2 * sigma) < 1e-9 * sigma);
  assert.equal(negElbo.delta, negElbos.get(2)! - negElbos.get(1)!);
  assert.equal(
    negElbo.verdict,
    Math.abs(negElbo.delta) >= 2 * Math.SQRT2 * sigma
      ? "beyond training-seed noise"
      : "within training-seed noise",
  );
  const text = await runStage("diff", [
    "--artifacts",
    root,
    runs.get(1)!,
    runs.get(2)!,
    "--out",
    await tempDir(),
  ]);
  assert.match(
    text.stdout,
    new RegExp(
      `^ {2}negElbo went from [0-9.]+ to [0-9.]+ \\(Δ [^)]*\\), (within|beyond) training-seed noise: \\|Δ\\| is [0-9.e-]+ σ_Δ, with σ_Δ [0-9.e-]+ from σ [0-9.e-]+ over 3 seeds \\(3, 4, 5\\) in sweep ${sweepId}, the runs compared left out\\.$`,
      "m",
    ),
  );
  assert.doesNotMatch(text.stdout, /spread unknown|deno task sweep/);
});

Deno.test("diff of two trainings whose sweep ran only them takes no spread from them: unknown, and says they were left out", async () => {
  const { root, runs } = await sweptRoot([1, 2, 3]);
  const run = await runStage("diff", [
    "--artifacts",
    root,
    runs.get(1)!,
    runs.get(2)!,
    "--out",
    await tempDir(),
  ]);
  assert.equal(run.code, 1, run.stderr);
  // Seed 3 alone is left: one seed gives no spread.
  assert.match(
    run.stdout,
    /^ {2}negElbo went from .* and is not judged, since the training-seed spread is unknown\.$/m,
  );
  assert.match(
    run.stdout,
    /training-seed spread unknown, too few seeds to judge: the sweeps under .* ran this configuration with 1 training seed besides the runs compared, and a spread needs 3; of the seeds the sweeps ran, 2 are the runs compared, left out, since a spread taken from them would judge them against themselves; to measure it, run this, then diff again:/,
  );
  assert.ok(run.stdout.includes(`  ${SMALL_RUN_SWEEP} --artifacts ${root}`), run.stdout);
});

Deno.test("diff of two trainings whose sweep ran only two other seeds says too few seeds to judge, as compare does", async () => {
  const { root, runs } = await sweptRoot([1, 2, 3, 4]);
  const run = await runStage("diff", [
    "--artifacts",
    root,
    runs.get(1)!,
    runs.get(2)!,
    "--out",
    await tempDir(),
  ]);
  assert.equal(run.code, 1, run.stderr);
  // Seeds 3 and 4 are left: a σ from two seeds is not judged on, as compare needs 3 per side.
  assert.doesNotMatch(run.stdout, /within training-seed noise|beyond training-seed noise/);
  assert.match(
    run.stdout,
    /^training-seed spread unknown, too few seeds to judge: the sweeps under .* ran this configuration with 2 training seeds besides the runs compared, and a spread needs 3; of the seeds the sweeps ran, 2 are the runs compared, left out/m,
  );
  assert.ok(run.stdout.includes(`  ${SMALL_RUN_SWEEP} --artifacts ${root}`), run.stdout);
});

Deno.test("diff of two models finds their validation loss's training-seed spread in sweeps that ran them", async () => {
  const { root, runs, sweepId } = await sweptRoot();
  const [a, b] = [await stageIds(root, runs.get(2)!), await stageIds(root, runs.get(3)!)];
  const run = await runStage("diff", ["--artifacts", root, a.model!, b.model!, "--out", await tempDir()]);
  assert.equal(run.code, 1, run.stderr);
  assert.match(
    run.stdout,
    new RegExp(
      `^ {2}valLoss went from .*training-seed noise: .* from σ [0-9.e-]+ over 3 seeds \\(1, 4, 5\\) in sweep ${sweepId}, the runs compared left out\\.$`,
      "m",
    ),
  );
  // A model has no evaluation: valLoss is its only headline metric.
  assert.equal((run.stdout.match(/^ {2}\w+ went from .* \(Δ /gm) ?? []).length, 1);
});

Deno.test("diff's report opens with the verdict: every verdict line comes before the first detail line", async () => {
  const { root, runs } = await fiveSeeds();
  const run = await runStage("diff", [
    "--artifacts",
    root,
    runs.get(1)!,
    runs.get(3)!,
    "--out",
    await tempDir(),
  ]);
  const lines = run.stdout.split("\n");
  assert.deepEqual(lines.slice(0, 4).map((l) => l.split(":")[0]), [
    "A",
    "B",
    "verdict",
    "what differs in the making",
  ]);
  const detail = lines.findIndex((l) => l.startsWith("detail"));
  const lastHeadline = lines.findLastIndex((l) =>
    /^ {2}\w+ (went from .* \(Δ [^)]*\)|is .* on both sides\.)/.test(l)
  );
  const firstFile = lines.findIndex((l) => /^ {2}\S+: (changed|identical|only in [AB])$/.test(l));
  assert.ok(lastHeadline > 0 && lastHeadline < detail && detail < firstFile, run.stdout);
});

Deno.test("diff of two trainings lists no per-dimension or per-digit number, summarised or --all, and says why; --all still prints more than the summary", async () => {
  const { root, runs } = await fiveSeeds();
  const out = await tempDir();
  const summary = await runStage("diff", ["--artifacts", root, runs.get(1)!, runs.get(2)!, "--out", out]);
  const all = await runStage("diff", [
    "--artifacts",
    root,
    runs.get(1)!,
    runs.get(2)!,
    "--out",
    out,
    "--all",
  ]);
  const json = await runStage("diff", [
    "--artifacts",
    root,
    runs.get(1)!,
    runs.get(2)!,
    "--out",
    out,
    "--json",
  ]);
  const { diffs } = JSON.parse(json.stdout);
  const metrics = diffs.find((d: { a: { kind: string } }) => d.a.kind === "evaluate").files.find((
    f: { path: string },
  ) => f.path === "metrics.json");
  const changed = (prefix: string) =>
    metrics.numbers.filter((n: { key: string }) => n.key.startsWith(prefix)).length;
  assert.ok(changed("perClass.") > 3 && changed("latent.klPerDim.") > 0, "the JSON keeps every number");
  for (const text of [summary.stdout, all.stdout]) {
    assert.doesNotMatch(text, /^ {4}(perClass\.\d|latent\.klPerDim\.\d|latent\.zMeanVariance\.\d)/m);
    assert.match(
      text,
      new RegExp(
        `^ {4}\\(latent\\.klPerDim\\.\\*: ${
          changed("latent.klPerDim.")
        } changed, not listed: latent dimension i of one training is not dimension i of the other`,
        "m",
      ),
    );
    assert.match(
      text,
      new RegExp(`^ {4}\\(perClass\\.\\*: ${changed("perClass.")} changed, not listed: `, "m"),
    );
  }
  assert.ok(all.stdout.split("\n").length > summary.stdout.split("\n").length);
  // --all names every file of an identical pair; the summary gives it one line.
  assert.match(summary.stdout, /^mnist [0-9a-f]{16}: files: all identical \(4 files\)$/m);
  assert.match(all.stdout, /^ {2}train-images-idx3-ubyte: identical$/m);
});

Deno.test("diff --json holds the verdict (inputs, headline judgements, noise, sweep commands) and every changed number", async () => {
  const { root, runs } = await fiveSeeds();
  const run = await runStage("diff", [
    "--artifacts",
    root,
    runs.get(1)!,
    runs.get(2)!,
    "--json",
    "--out",
    await tempDir(),
  ]);
  assert.equal(run.code, 1, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.equal(result.identical, false);
  const { verdict, diffs } = result;
  assert.deepEqual(verdict.changes.params, [{ stage: "train", key: "seed", a: 1, b: 2 }]);
  assert.deepEqual(verdict.changes.sourceFiles, []);
  assert.equal(verdict.changes.data.a, verdict.changes.data.b);
  assert.deepEqual(verdict.headline.map((h: { key: string }) => h.key), [
    "valLoss",
    "negElbo",
    "meanDecodeRecon",
    "reconGap",
    "singlePassRms",
    "pixelVariance",
    "iwBound",
    "activeUnits",
  ]);
  for (const h of verdict.headline) {
    assert.equal(h.verdict, h.a === h.b ? "unchanged" : "training-seed spread unknown");
  }
  assert.deepEqual(verdict.sweepCommands, [`${SMALL_RUN_SWEEP} --artifacts ${root}`]);
  assert.deepEqual(diffs.map((d: { a: { kind: string } }) => d.a.kind), [
    "mnist",
    "model",
    "export",
    "evaluate",
  ]);
  const history = diffs[1].files.find((f: { path: string }) => f.path === "history.json");
  assert.ok(history.numbers.some((n: { key: string }) => n.key === "0.valLoss"));
  const metrics = diffs[3].files.find((f: { path: string }) => f.path === "metrics.json");
  const negElbo = metrics.numbers.find((n: { key: string }) => n.key === "negElbo.total");
  assert.ok(negElbo.noise > 0);
});
