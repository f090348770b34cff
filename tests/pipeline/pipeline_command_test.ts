// deno task all runs the four stages and records the run, reuses everything the second time, reruns a changed flag's stage and downstream saying why, refuses bad flags in one line, replaces a corrupted artifact only with --force; verify reruns in scratch and cleans up on a signal.
import assert from "node:assert/strict";
import { join } from "node:path";
import { readRunRecords } from "../../lib/core/store/run_record.ts";
import { readArtifact } from "../../lib/core/store/artifact_read.ts";
import { latest, tempDir } from "../_files.ts";
import { runStage, runStageOk } from "../_commands.ts";
import { SMALL_RUN, smallRunRoot } from "../_fixtures.ts";
import { withFlag } from "../core/cli/_flag_lists.ts";

Deno.test("all runs the four stages, records the run, and a second run reuses everything", async () => {
  const { root, stdout: first } = await smallRunRoot();
  assert.match(first, /evaluate: evaluate [0-9a-f]{16} new/);
  const second = await runStageOk("all", ["--artifacts", root, ...SMALL_RUN]);
  for (const stage of ["fetch-mnist", "train", "export", "evaluate"]) {
    assert.match(second.stdout, new RegExp(`${stage}: \\w+ [0-9a-f]{16} up to date`));
  }
  const runs = await readRunRecords(root);
  assert.equal(runs.length, 2);
  assert.deepEqual(runs[1]!.stages.map((s) => s.outcome), [
    "up to date",
    "up to date",
    "up to date",
    "up to date",
  ]);
  assert.deepEqual(runs[1]!.stages.map((s) => s.id), runs[0]!.stages.map((s) => s.id));
  assert.ok(typeof runs[0]!.host.deno === "string" && runs[0]!.stages.every((s) => s.seconds >= 0));
  const listing = await runStageOk("runs", ["--artifacts", root]);
  assert.match(
    listing.stdout,
    new RegExp(`${runs[0]!.id}[\\s\\S]*val_loss \\d+\\.\\d+ after 1 epochs[\\s\\S]*single-pass RMS`),
  );
});

Deno.test("all gives --workers to both stages that have it", async () => {
  const root = await tempDir();
  // SMALL_RUN says --workers 1; a flag may be given only once.
  const run = await runStageOk("all", ["--artifacts", root, ...withFlag(SMALL_RUN, "workers", "2")]);
  assert.match(run.stdout, /backend wasm, 2 thread\(s\)/);
  // Its 60 test images are one chunk, so evaluate ran them on one thread; its manifest records
  // the --workers it was given.
  const evaluated = await readArtifact(join(root, "evaluate", await latest(root, "evaluate")));
  assert.equal(evaluated.manifest.env.workers, 2);
  assert.match(run.stdout, /passes in [\d.]+ s on 1 thread\(s\)/);
});

Deno.test("a changed flag reruns its stage and everything downstream, saying why", async () => {
  const { root } = await smallRunRoot();
  const changed = await runStageOk("all", [
    "--artifacts",
    root,
    ...SMALL_RUN,
    "--seed",
    "2",
  ]);
  assert.match(changed.stdout, /fetch-mnist: mnist [0-9a-f]{16} up to date/);
  assert.match(changed.stdout, /model [0-9a-f]{16}: computing, because param seed 1 → 2/);
  assert.match(
    changed.stdout,
    /export [0-9a-f]{16}: computing, because input model [0-9a-f]{16} → [0-9a-f]{16}/,
  );
  assert.match(changed.stdout, /evaluate [0-9a-f]{16}: computing, because input export/);
  const passes = await runStageOk("all", [
    "--artifacts",
    root,
    ...withFlag(SMALL_RUN, "passes", "4"),
    "--seed",
    "2",
  ]);
  assert.match(passes.stdout, /train: model [0-9a-f]{16} up to date/);
  assert.match(passes.stdout, /computing, because param passes 3 → 4/);
});

Deno.test("a stage run alone records a run and takes its input --from a run id", async () => {
  const { root } = await smallRunRoot();
  const [run] = await readRunRecords(root);
  await runStageOk("all", ["--artifacts", root, ...SMALL_RUN, "--seed", "5"]);
  const alone = await runStageOk("export", ["--artifacts", root, "--from", run!.id]);
  assert.match(alone.stdout, new RegExp(`export ${run!.stages[2]!.id}: up to date`));
  assert.match(alone.stdout, /run recorded: /);
  assert.equal((await readRunRecords(root)).length, 3);
});

Deno.test("all refuses an unknown flag or profile with one line", async () => {
  const root = await tempDir();
  const unknown = await runStage("all", ["--artifacts", root, "--epocs", "2"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr.trim(), /^all: error: .*Unknown option '--epocs'/);
  const profile = await runStage("all", ["--artifacts", root, "--profile", "huge"]);
  assert.match(profile.stderr.trim(), /^all: error: --profile "huge": expected default or smoke$/);
});

Deno.test("verify reruns a stage in scratch and reports byte-identical outputs", async () => {
  const { root } = await smallRunRoot();
  for (const stage of ["train", "evaluate"]) {
    const run = await runStage("verify", [stage, "--artifacts", root]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /verified: byte-identical outputs/);
  }
  const bad = await runStage("verify", ["bogus", "--artifacts", root]);
  assert.equal(bad.code, 2);
  assert.ok((await Deno.stat(join(root, "model"))).isDirectory);
});

Deno.test("verify interrupted by a signal removes its scratch root and exits 130 (as a process)", async () => {
  const { root } = await smallRunRoot();
  const verify = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      new URL("../../pipeline/verify.ts", import.meta.url).pathname,
      "train",
      "--artifacts",
      root,
    ],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const lines = verify.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!/ in (\S+)\n/.test(seen)) {
    const { value, done } = await lines.read();
    if (done) break;
    seen += value;
  }
  const scratch = / in (\S+)\n/.exec(seen)?.[1];
  assert.ok(scratch, `no scratch root announced: ${seen}`);
  assert.ok((await Deno.stat(scratch)).isDirectory);
  verify.kill("SIGINT");
  const { code } = await verify.status;
  await lines.cancel();
  assert.equal(code, 130);
  await assert.rejects(Deno.stat(scratch), Deno.errors.NotFound);
});

Deno.test("all reports a corrupted artifact instead of reusing it, and --force replaces it", async () => {
  const { root } = await smallRunRoot();
  const [run] = await readRunRecords(root);
  const modelDir = join(root, "model", run!.stages[1]!.id);
  const bytes = await Deno.readFile(join(modelDir, "weights.bin"));
  bytes[10] = bytes[10]! ^ 0x40;
  await Deno.writeFile(join(modelDir, "weights.bin"), bytes);
  const broken = await runStage("all", ["--artifacts", root, ...SMALL_RUN]);
  assert.notEqual(broken.code, 0);
  assert.match(
    broken.stderr.trim(),
    /^all: error: .*weights\.bin: SHA-256 .* \(artifact corrupted: rerun .deno task train. with the flags that made it and --force to recompute it\)$/,
  );
  // The failed run leaves a record: its status, the stage it got past, and its one error line.
  const failed = (await readRunRecords(root)).at(-1)!;
  assert.equal(failed.status, "failed");
  assert.equal(failed.error, broken.stderr.trim());
  assert.deepEqual(failed.stages.map((s) => s.stage), ["fetch-mnist"]);
  const listing = await runStageOk("runs", ["--artifacts", root]);
  assert.match(listing.stdout, new RegExp(`${failed.id} .*\n  FAILED: all: error: .*weights\\.bin`));
  const forced = await runStageOk("all", ["--artifacts", root, ...SMALL_RUN, "--force"]);
  assert.match(
    forced.stdout,
    /model [0-9a-f]{16}: recomputed; the stored artifact was corrupted and is replaced/,
  );
  const again = await runStageOk("all", ["--artifacts", root, ...SMALL_RUN]);
  assert.match(again.stdout, /train: model [0-9a-f]{16} up to date/);
});
