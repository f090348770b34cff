/**
 * The native engine through whole commands. Native stages run as their own processes here:
 * OpenBLAS' thread count and $VAE_OPENBLAS are process-wide, and the test modules that run at
 * once share one process.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { readArtifact } from "../../../lib/core/store/artifact_read.ts";
import { OPENBLAS_PACKAGE } from "../../../lib/core/native/openblas.ts";
import { NATIVE_BLAS_THREADS } from "../../../lib/core/engine/engine.ts";
import { artifactIds, latest, tempDir } from "../../_files.ts";
import { assertOneLineError, runProcess, runStage, runStageOk, type StageRun } from "../../_commands.ts";
import { smallMnist, TRAINED_FLAGS, trainedRoot } from "../../_fixtures.ts";

/** TRAINED_FLAGS without its --workers. */
const FLAGS = TRAINED_FLAGS.filter((f, i, all) => f !== "--workers" && all[i - 1] !== "--workers");

async function runOk(stage: string, args: string[]): Promise<StageRun> {
  const run = await runProcess(stage, args);
  assert.equal(run.code, 0, `${stage} ${args.join(" ")}:\n${run.stdout}${run.stderr}`);
  return run;
}

const modelOf = async (root: string) => readArtifact(join(root, "model", await latest(root, "model")));
const weightsHash = (artifact: Awaited<ReturnType<typeof modelOf>>) =>
  artifact.manifest.files.find((f) => f.path === "weights.bin")!.sha256;

Deno.test("train --engine native twice gives byte-identical artifacts, other weights than wasm, and records OpenBLAS and the kernels", async () => {
  const wasm = await modelOf(await trainedRoot());
  const [a, b] = [await tempDir(), await tempDir()];
  for (const [root, workers] of [[a, "1"], [b, "2"]] as const) {
    await smallMnist(root);
    await runOk("train", ["--artifacts", root, ...FLAGS, "--engine", "native", "--workers", workers]);
  }
  // --workers 1 and 2: the training step on one thread and on two, with the same bytes.
  const [ma, mb] = [await modelOf(a), await modelOf(b)];
  assert.equal(ma.manifest.id, mb.manifest.id);
  assert.deepEqual(ma.manifest.files, mb.manifest.files);
  assert.notEqual(ma.manifest.id, wasm.manifest.id);
  assert.notEqual(weightsHash(ma), weightsHash(wasm));
  assert.equal(ma.manifest.params.engine, "native");
  const env = ma.manifest.env as Record<string, Record<string, unknown>>;
  assert.equal(env.engine as unknown, "native");
  assert.equal(env.workers as unknown, 1, "the step's threads, as asked");
  assert.equal((mb.manifest.env as Record<string, unknown>).workers, 2);
  assert.match(String(env.openblas!.config), /^OpenBLAS \d/);
  assert.ok(String(env.openblas!.corename).length > 0);
  assert.equal(env.openblas!.threads, NATIVE_BLAS_THREADS);
  assert.match(String(env.kernels!.compiler), /^gcc \d/);
  assert.ok(String(env.kernels!.target).length > 0 && env.kernels!.target !== "unknown");
  assert.match(String(env.kernels!.libc), /^glibc \d/);
  assert.match(String(env.kernels!.objectSha256), /^[0-9a-f]{64}$/, "the loaded object's hash");
});

Deno.test("train --engine native with an OpenBLAS that cannot be loaded fails in one line and writes nothing", async () => {
  const root = await tempDir();
  await smallMnist(root);
  const run = await runProcess("train", ["--artifacts", root, ...TRAINED_FLAGS, "--engine", "native"], {
    VAE_OPENBLAS: join(root, "no-such-libopenblas.so.0"),
  });
  assertOneLineError(
    run,
    "train",
    new RegExp(
      `cannot load OpenBLAS from .*no-such-libopenblas\\.so\\.0.*apt-get install ${OPENBLAS_PACKAGE}`,
    ),
  );
  assert.deepEqual(await artifactIds(root, "model"), []);
});

Deno.test("train --engine native --backend cpu is refused in one line before anything is written", async () => {
  const root = await tempDir();
  await smallMnist(root);
  const run = await runStage("train", [
    ...["--artifacts", root, ...TRAINED_FLAGS, "--engine", "native", "--backend", "cpu"],
  ]);
  assertOneLineError(run, "train", /--engine native runs on --backend wasm/);
  assert.equal(run.code, 2);
  assert.deepEqual(await artifactIds(root, "model"), []);
});

Deno.test("evaluate --engine native gives the same bytes on one worker and on two, and records OpenBLAS", async () => {
  const root = await trainedRoot(300, 2100);
  await runStageOk("export", ["--artifacts", root]);
  const files: string[] = [];
  for (const workers of ["1", "2"]) {
    await runOk("evaluate", [
      ...["--artifacts", root, "--passes", "3", "--engine", "native", "--workers", workers, "--force"],
    ]);
    const { manifest } = await readArtifact(join(root, "evaluate", await latest(root, "evaluate")));
    const env = manifest.env as Record<string, Record<string, unknown>>;
    assert.equal(env.engine as unknown, "native");
    assert.equal(env.openblas!.threads, 1);
    files.push(JSON.stringify(manifest.files));
  }
  assert.equal(files[0], files[1]);
  await runStageOk("evaluate", ["--artifacts", root, "--passes", "3"]);
  assert.equal(
    (await artifactIds(root, "evaluate")).length,
    2,
    "wasm and native evaluations are two artifacts",
  );
});

Deno.test("verify says what each engine promises, and verifies a native train on the machine that made it", async () => {
  const root = await tempDir();
  await smallMnist(root);
  await runOk("train", ["--artifacts", root, ...TRAINED_FLAGS, "--engine", "native"]);
  const run = await runProcess("verify", ["train", "--artifacts", root]);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(
    run.stdout,
    /engine native: byte-identical outputs are promised only with the same OpenBLAS build, CPU kernel and threads; made with OpenBLAS .*, 1 thread\(s\), C kernels by gcc [0-9.]+ for \S+ with glibc [0-9.]+; the rerun used the same/,
  );
  assert.match(run.stdout, /verified: byte-identical outputs/);
  const wasm = await runStage("verify", ["train", "--artifacts", await trainedRoot()]);
  assert.equal(wasm.code, 0);
  assert.match(wasm.stdout, /engine wasm: byte-identical outputs are promised on every machine/);
});

Deno.test("a native train with another OpenBLAS kernel differs; diff names the kernel, verify says nothing was promised", async () => {
  const [a, b] = [await tempDir(), await tempDir()];
  for (const root of [a, b]) await smallMnist(root);
  await runOk("train", ["--artifacts", a, ...TRAINED_FLAGS, "--engine", "native"]);
  // Another machine, as far as OpenBLAS can tell: its Sandybridge kernels (AVX, no FMA).
  const other = await runProcess("train", ["--artifacts", b, ...TRAINED_FLAGS, "--engine", "native"], {
    OPENBLAS_CORETYPE: "Sandybridge",
  });
  assert.equal(other.code, 0, other.stderr);
  const [ma, mb] = [await modelOf(a), await modelOf(b)];
  assert.equal(ma.manifest.id, mb.manifest.id, "the same params, inputs and code");
  assert.notEqual(weightsHash(ma), weightsHash(mb));
  const corename = (ma.manifest.env as Record<string, Record<string, unknown>>).openblas!.corename;
  assert.notEqual(corename, "Sandybridge");
  const diff = await runStage("diff", [ma.dir, mb.dir]);
  assert.match(diff.stdout, new RegExp(`env: .*openblas\\.corename ${corename} → Sandybridge \\(train\\)`));
  const verify = await runProcess("verify", ["train", "--artifacts", b]);
  assert.equal(verify.code, 1);
  assert.match(verify.stdout, /made with OpenBLAS .*Sandybridge.*; this rerun used OpenBLAS /);
  assert.match(
    verify.stdout,
    /outputs differ, and the native engine does not promise the same bytes across OpenBLAS builds/,
  );
});
