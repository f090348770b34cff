// deno task diff of models and runs: identical copies exit 0, a changed seed names exactly that param and the changed tensors (exit 1), loss curves are overlaid in one PNG, shape changes are reported by shape, numbers only one side has are named, and an unknown or corrupted id is one line with exit 2.
import assert from "node:assert/strict";
import { join } from "node:path";
import sharp from "sharp";
import { artifactIds, listDir, tempDir } from "../../_files.ts";
import { runProcess, runStage, runStageOk } from "../../_commands.ts";
import { SMALL_RUN, smallRunRoot, TRAINED_FLAGS, trainedRoot } from "../../_fixtures.ts";
import { withFlag } from "../../core/cli/_flag_lists.ts";

/** A row of history.json, as far as the loss curves read it. */
interface EpochRow {
  epoch: number;
  trainLoss: number;
  valLoss: number;
}

/** The small trained model, in two roots (same bytes), and one trained with seed 2: trained once per module. */
let trained: Promise<{ a: string; same: string; seed2: string }> | undefined;

function models(): Promise<{ a: string; same: string; seed2: string }> {
  trained ??= (async () => {
    const [ra, rb, rc] = [await trainedRoot(), await trainedRoot(), await trainedRoot()];
    await runStageOk("train", ["--artifacts", rc, ...TRAINED_FLAGS, "--seed", "2"]);
    const dir = async (root: string, seed: number) => {
      for (const id of await artifactIds(root, "model")) {
        const dir = join(root, "model", id);
        if (JSON.parse(await Deno.readTextFile(join(dir, "manifest.json"))).params.seed === seed) return dir;
      }
      throw new Error(`no model of seed ${seed} under ${root}`);
    };
    return { a: await dir(ra, 1), same: await dir(rb, 1), seed2: await dir(rc, 2) };
  })();
  return trained;
}

Deno.test("diff of two copies of a model in different roots reports identical files and exits 0", async () => {
  const { a, same } = await models();
  const run = await runStage("diff", [a, same]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /files: all identical/);
  assert.doesNotMatch(run.stdout, /^params:/m);
});

Deno.test("diff of models with another seed names exactly that param and the changed tensors, exit 1", async () => {
  const { a, seed2: b } = await models();
  const run = await runStage("diff", [a, b, "--json", "--out", await tempDir()]);
  assert.equal(run.code, 1, run.stderr);
  const { diffs: [diff] } = JSON.parse(run.stdout);
  assert.deepEqual(diff.params, [{ key: "seed", a: 1, b: 2 }]);
  const weights = diff.files.find((f: { path: string }) => f.path === "weights.bin");
  assert.equal(weights.status, "changed");
  assert.equal(weights.tensors.length, 10);
  assert.ok(weights.tensors.some((t: { relativeL2: number }) => t.relativeL2 > 0.01));
  const history = diff.files.find((f: { path: string }) => f.path === "history.json");
  assert.ok(history.numbers.some((n: { key: string }) => n.key === "0.valLoss"));
});

Deno.test("diff of two models draws both loss curves from history.json into one PNG instead of a pixel diff", async () => {
  const { a, seed2: b } = await models();
  const out = await tempDir();
  const run = await runStage("diff", [a, b, "--json", "--out", out]);
  assert.equal(run.code, 1, run.stderr);
  const { diffs: [diff] } = JSON.parse(run.stdout);
  const curve = diff.files.find((f: { path: string }) => f.path === "loss_curve.png");
  assert.equal(curve.image, undefined);
  assert.equal(curve.drawnFrom, "history.json");
  assert.equal(curve.curves.chart, join(out, "loss_curves.png"));
  assert.deepEqual(await listDir(out), ["loss_curves.png"]);
  const png = await Deno.readFile(curve.curves.chart);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const { width, height } = await sharp(png).metadata();
  assert.deepEqual([width, height], [720, 420]);
  // The drawn series are A's and B's histories, value for value.
  const series = new Map(
    curve.curves.series.map((s: { label: string; points: number[][] }) => [s.label, s.points]),
  );
  for (const [side, dir] of [["A", a], ["B", b]]) {
    const rows = JSON.parse(await Deno.readTextFile(join(dir!, "history.json")));
    assert.deepEqual(series.get(`${side} val_loss`), rows.map((r: EpochRow) => [r.epoch, r.valLoss]));
    assert.deepEqual(series.get(`${side} train loss`), rows.map((r: EpochRow) => [r.epoch, r.trainLoss]));
  }
  assert.notDeepEqual(series.get("A val_loss"), series.get("B val_loss"));
  const text = await runStage("diff", [a, b, "--out", out]);
  assert.match(
    text.stdout,
    /loss_curve\.png: changed\n {4}compared as its data, history\.json; A and B overlaid: .*loss_curves\.png/,
  );
});

Deno.test("diff, as a process, prints its report and no tfjs banner", async () => {
  const { a, seed2 } = await models();
  const run = await runProcess("diff", [a, seed2]);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /weights\.bin: changed/);
  assert.doesNotMatch(run.stdout + run.stderr, /TensorFlow\.js in Node/);
});

Deno.test("diff exits 2 with one line for an unknown id or a corrupted artifact", async () => {
  const { a, same } = await models();
  // A copy to corrupt, so that the other tests keep their models whole.
  const b = join(await tempDir(), "model-copy");
  await Deno.mkdir(b);
  for await (const entry of Deno.readDir(same)) {
    await Deno.copyFile(join(same, entry.name), join(b, entry.name));
  }
  const unknown = await runStage("diff", ["0123456789abcdef", b, "--artifacts", await tempDir()]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr.trim(), /^diff: error: 0123456789abcdef: no artifact with this id/);
  const bytes = await Deno.readFile(join(b, "weights.bin"));
  bytes[3] = bytes[3]! ^ 1;
  await Deno.writeFile(join(b, "weights.bin"), bytes);
  const corrupt = await runStage("diff", [a, b]);
  assert.equal(corrupt.code, 2);
  assert.match(
    corrupt.stderr.trim(),
    /^diff: error: .*weights\.bin: SHA-256 .* \(artifact corrupted: rerun .deno task train. with the flags that made it and --force to recompute it\)$/,
  );
});

Deno.test("diff of two runs: same flags are identical (exit 0); --passes changes only evaluate; metric deltas come with their noise", async () => {
  const { root } = await smallRunRoot();
  await runStageOk("all", ["--artifacts", root, ...SMALL_RUN]);
  await runStageOk("all", ["--artifacts", root, ...withFlag(SMALL_RUN, "passes", "4")]);
  const runs = (await Array.fromAsync(Deno.readDir(join(root, "runs")))).map((e) =>
    e.name.replace(/\.json$/, "")
  ).sort();
  const same = await runStage("diff", ["--artifacts", root, runs[0]!, runs[1]!]);
  assert.equal(same.code, 0, same.stdout + same.stderr);
  assert.equal((same.stdout.match(/files: all identical/g) ?? []).length, 4);
  const changed = await runStage("diff", ["--artifacts", root, runs[0]!, runs[2]!, "--json"]);
  assert.equal(changed.code, 1, changed.stderr);
  const { diffs } = JSON.parse(changed.stdout) as {
    diffs: { a: { kind: string }; identical: boolean; params: { key: string }[] }[];
  };
  assert.deepEqual(diffs.map((d) => [d.a.kind, d.identical]), [["mnist", true], ["model", true], [
    "export",
    true,
  ], ["evaluate", false]]);
  assert.deepEqual(diffs[3]!.params.map((p) => p.key), ["passes"]);
  await runStageOk("all", ["--artifacts", root, ...SMALL_RUN, "--eval-seed", "2"]);
  const reseeded = (await Array.fromAsync(Deno.readDir(join(root, "runs")))).map((e) =>
    e.name.replace(/\.json$/, "")
  ).sort()[3]!;
  const text = await runStage("diff", ["--artifacts", root, runs[0]!, reseeded]);
  // A seed names a random stream: no difference or ratio of it.
  assert.match(text.stdout, /^ {4}seed: 1 → 2$/m);
  assert.match(text.stdout, /negElbo\.total: .*× the evaluation-seed noise [0-9.e-]+, (within|beyond) noise/);
  // One model evaluated twice: the verdict judges on the evaluation-seed noise, and says so.
  assert.match(text.stdout, /^verdict: DIFFERENT: one model \([0-9a-f]{16}\), evaluated twice/m);
  assert.match(
    text.stdout,
    /^ {2}negElbo went from [0-9.]+ to [0-9.]+ \(Δ [^)]*\), (within|beyond) evaluation-seed noise: \|Δ\| is [0-9.e-]+ σ_Δ, with σ_Δ [0-9.e-]+ from the evaluation seeds' noise that metrics\.json records\.$/m,
  );
  // One model: its per-digit and per-dimension numbers correspond, and the summary shows the largest.
  assert.match(
    text.stdout,
    /^ {4}\(perClass\.\*: \d+ changed; the 3 largest relative changes, all: --all\)$/m,
  );
  assert.equal((text.stdout.match(/^ {4}perClass\.\d\.\w+: /gm) ?? []).length, 3);
  assert.doesNotMatch(text.stdout, /training-seed|deno task sweep/);
  // --images is a cap: 10000 and 100 both evaluate the 60 test images there are, and the verdict says so.
  await runStageOk("all", ["--artifacts", root, ...SMALL_RUN, "--images", "100"]);
  const capped = (await Array.fromAsync(Deno.readDir(join(root, "runs")))).map((e) =>
    e.name.replace(/\.json$/, "")
  ).sort()[4]!;
  const cap = await runStage("diff", ["--artifacts", root, runs[0]!, capped]);
  assert.match(
    cap.stdout,
    /^ {2}params: --images 10000 → 100 \(evaluate; a cap: both sides evaluated the same 60 images\)$/m,
  );
});

Deno.test("diff of a run that trained only and a whole run with the same flags names the stages only one has and is not identical", async () => {
  const { root, stdout } = await smallRunRoot();
  const whole = /run recorded: .*\/([^/]+)\.json/.exec(stdout)![1]!;
  const trainOnly = await runStageOk("train", [
    "--artifacts",
    root,
    ...SMALL_RUN.filter((_, i, all) =>
      !["--passes", "--limit-train", "--limit-test"].includes(all[i - (i % 2)]!)
    ),
  ]);
  const trainRun = /run recorded: .*\/([^/]+)\.json/.exec(trainOnly.stdout)![1]!;
  const run = await runStage("diff", ["--artifacts", root, trainRun, whole, "--out", await tempDir()]);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(
    run.stdout,
    /stages only one run has \(not compared\): mnist \(only in B\), export \(only in B\), evaluate \(only in B\)/,
  );
});

Deno.test("diff of two evaluations whose models it cannot find does not judge them on evaluation-seed noise", async () => {
  const { root } = await smallRunRoot();
  const other = await tempDir();
  await runStageOk("all", ["--artifacts", other, ...SMALL_RUN, "--seed", "2"]);
  const loose = await tempDir();
  const evaluation = (r: string) => Deno.readTextFile(join(r, "evaluate", "LATEST")).then((id) => id.trim());
  for (const [name, r] of [["A", root], ["B", other]] as const) {
    await Deno.mkdir(join(loose, name));
    const dir = join(r, "evaluate", await evaluation(r));
    for (const file of await listDir(dir)) await Deno.copyFile(join(dir, file), join(loose, name, file));
  }
  const run = await runStage("diff", [join(loose, "A"), join(loose, "B"), "--out", await tempDir()]);
  assert.equal(run.code, 1, run.stderr);
  assert.doesNotMatch(run.stdout, /beyond noise|within noise|beyond evaluation-seed|within evaluation-seed/);
});

Deno.test("diff of models of other latent sizes reports the tensors whose shape changed by their shapes, not by meaningless deltas", async () => {
  const root = await trainedRoot();
  const flags = TRAINED_FLAGS.map((flag, i) => TRAINED_FLAGS[i - 1] === "--latent-dim" ? "4" : flag);
  await runStageOk("train", ["--artifacts", root, ...flags]);
  const [a, b] = await artifactIds(root, "model");
  const run = await runStage("diff", ["--artifacts", root, a!, b!, "--all", "--out", await tempDir()]);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /z_mean\/kernel: shape 64×(8 → 64×4|4 → 64×8)/);
  assert.doesNotMatch(run.stdout, /z_mean\/kernel: max \|Δ\|/);
});

Deno.test("diff names the numbers only one JSON file has: a longer history's last epoch is not dropped", async () => {
  const root = await trainedRoot();
  const flags = TRAINED_FLAGS.map((flag, i) => TRAINED_FLAGS[i - 1] === "--epochs" ? "2" : flag);
  await runStageOk("train", ["--artifacts", root, ...flags]);
  const [a, b] = await artifactIds(root, "model");
  const json = await runStage("diff", ["--artifacts", root, a!, b!, "--json", "--out", await tempDir()]);
  const history = JSON.parse(json.stdout).diffs[0].files.find((f: { path: string }) =>
    f.path === "history.json"
  );
  const only = [...(history.onlyInA ?? []), ...(history.onlyInB ?? [])].map((n: { key: string }) => n.key);
  assert.ok(only.includes("1.valLoss"), JSON.stringify(history));
  const text = await runStage("diff", ["--artifacts", root, a!, b!, "--out", await tempDir()]);
  assert.match(text.stdout, /number\(s\) only in [AB]: 1\.epoch = 2/);
});
