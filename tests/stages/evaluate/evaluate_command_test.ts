// deno task evaluate on a smoke run: every promised file with values in range, byte-identical outputs for the same seed and other metrics for another, --workers 2 giving the bytes of --workers 1, and one-line refusals (bad flags, a corrupted or missing export) that write nothing.
import assert from "node:assert/strict";
import { join } from "node:path";
import { readArtifact } from "../../../lib/core/store/artifact_read.ts";
import type { EvaluationMetrics } from "../../../lib/stages/evaluate/evaluate_metrics.ts";
import { numericLeaves } from "../../../lib/core/runtime/json_numbers.ts";
import { artifactIds, latest, tempDir } from "../../_files.ts";
import { assertOneLineError, runStage, runStageOk } from "../../_commands.ts";
import { trainedRoot } from "../../_fixtures.ts";

/** A root with a small exported model (300 train / 60 test images, one epoch). */
async function exportedRoot(): Promise<string> {
  const root = await trainedRoot(300, 60);
  await runStageOk("export", ["--artifacts", root]);
  return root;
}

const root = await exportedRoot();

Deno.test("a smoke evaluation writes every promised file with values in range, on one thread for one chunk", async () => {
  const run = await runStageOk("evaluate", ["--artifacts", root, "--passes", "5"]);
  // 60 images are one chunk: no worker is started for it, whatever --workers says.
  assert.match(run.stdout, /60 images × 5 passes in [\d.]+ s on 1 thread/);
  const artifact = await readArtifact(join(root, "evaluate", await latest(root, "evaluate")), {
    schema: "evaluate@1",
  });
  assert.deepEqual(artifact.manifest.files.map((f) => f.path), [
    "figure.png",
    "metrics.json",
    "report.html",
    "report.md",
    "variance_map.png",
  ]);
  const metrics = JSON.parse(
    await Deno.readTextFile(join(artifact.dir, "metrics.json")),
  ) as EvaluationMetrics;
  assert.equal(metrics.images, 60);
  assert.equal(metrics.passes, 5);
  assert.equal(metrics.epsilonZeroMaxAbs, 0);
  assert.equal(metrics.vaeVersusDecoderMaxAbs, 0);
  const v = metrics.pixelVariance;
  assert.ok(
    v.mean > 0 && v.p50 <= v.p90 && v.p90 <= v.p99 && v.p99 <= v.max && v.max <= 0.25,
    JSON.stringify(v),
  );
  assert.ok(metrics.singlePassRms.mean > 0 && metrics.singlePassRms.max <= 1);
  assert.ok(metrics.negElbo.recon > 0 && metrics.negElbo.kl > 0);
  assert.ok(Math.abs(metrics.negElbo.total - metrics.negElbo.recon - metrics.negElbo.kl) < 1e-9);
  assert.equal(metrics.perClass.reduce((sum, c) => sum + c.images, 0), 60);
  const report = await Deno.readTextFile(join(artifact.dir, "report.md"));
  assert.match(report, /largest \|vae\(x, ε=0\) − decoder\(z_mean\)\| over all\s+60 images is \*\*0\*\*/);
  for (const png of ["figure.png", "variance_map.png"]) {
    const bytes = await Deno.readFile(join(artifact.dir, png));
    assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
  }
});

Deno.test("evaluate with the same seed reproduces byte-identical outputs; another seed changes the metrics", async () => {
  await runStageOk("evaluate", ["--artifacts", root, "--passes", "4", "--seed", "3"]);
  const first = await readArtifact(join(root, "evaluate", await latest(root, "evaluate")));
  const firstMetrics = numericLeaves(JSON.parse(await Deno.readTextFile(join(first.dir, "metrics.json"))));
  const again = await runStageOk("evaluate", [
    "--artifacts",
    root,
    "--passes",
    "4",
    "--seed",
    "3",
    "--force",
  ]);
  if (!/recomputed, byte-identical/.test(again.stdout)) {
    // Which numbers moved, to tell where a nondeterminism comes from.
    const now = numericLeaves(JSON.parse(await Deno.readTextFile(join(first.dir, "metrics.json"))));
    const moved = [...now].filter(([key, v]) => !Object.is(firstMetrics.get(key), v));
    assert.fail(
      `${again.stdout}metrics.json numbers that moved: ${
        moved.map(([key, v]) => `${key} ${firstMetrics.get(key)} → ${v}`).join(", ") || "none"
      }`,
    );
  }
  await runStageOk("evaluate", ["--artifacts", root, "--passes", "4", "--seed", "4"]);
  const other = await readArtifact(join(root, "evaluate", await latest(root, "evaluate")));
  const sha = (a: typeof first, path: string) => a.manifest.files.find((f) => f.path === path)!.sha256;
  assert.notEqual(sha(other, "metrics.json"), sha(first, "metrics.json"));
});

for (
  const [what, args, pattern] of [
    ["zero passes", ["--passes", "0"], /--passes 0: out of range, expected an integer in 2\.\./],
    ["negative passes", ["--passes=-5"], /--passes -5: out of range/],
    ["non-numeric passes", ["--passes", "many"], /--passes "many": expected an integer/],
    ["three workers", ["--workers", "3"], /--workers 3: out of range, expected an integer in 1\.\.2/],
  ] as [string, string[], RegExp][]
) {
  Deno.test(`evaluate refuses ${what} with one line and writes nothing`, async () => {
    const before = await artifactIds(root, "evaluate");
    assertOneLineError(await runStage("evaluate", ["--artifacts", root, ...args]), "evaluate", pattern);
    assert.deepEqual(await artifactIds(root, "evaluate"), before);
  });
}

Deno.test("evaluate refuses a corrupted export artifact and writes nothing", async () => {
  const broken = await exportedRoot();
  const dir = join(broken, "export", await latest(broken, "export"));
  await Deno.writeTextFile(join(dir, "decoder", "model.json"), "{}");
  assertOneLineError(
    await runStage("evaluate", ["--artifacts", broken]),
    "evaluate",
    /decoder\/model\.json: \d+ bytes, manifest says \d+/,
  );
  assert.deepEqual(await artifactIds(broken, "evaluate"), []);
});

Deno.test("evaluate without an export artifact says which command to run first", async () => {
  assertOneLineError(
    await runStage("evaluate", ["--artifacts", await tempDir()]),
    "evaluate",
    /run 'deno task export' first/,
  );
});

Deno.test("with more test images than a chunk, --workers 2 runs the second chunk on a worker and writes the bytes of --workers 1", async () => {
  const big = await trainedRoot(300, 1100);
  await runStageOk("export", ["--artifacts", big]);
  const flags = ["--artifacts", big, "--passes", "2"];
  const one = await runStageOk("evaluate", [...flags, "--workers", "1"]);
  assert.match(one.stdout, /1100 images × 2 passes in [\d.]+ s on 1 thread/);
  const two = await runStageOk("evaluate", [...flags, "--workers", "2", "--force"]);
  assert.match(two.stdout, /1100 images × 2 passes in [\d.]+ s on 2 thread/);
  assert.match(two.stdout, /recomputed, byte-identical/);
});
