import assert from "node:assert/strict";
import { join } from "node:path";
import { readArtifact } from "../../lib/store/artifact_store.ts";
import { OPENBLAS_PACKAGE } from "../../lib/native/openblas.ts";
import {
  artifactIds,
  assertOneLineError,
  latest,
  runStage,
  runStageOk,
  smallMnist,
  tempDir,
  TRAINED_FLAGS,
  trainedRoot,
} from "../_helpers.ts";

const weightsHash = async (root: string, id: string) =>
  (await readArtifact(join(root, "model", id))).manifest.files.find((f) => f.path === "weights.bin")!.sha256;

Deno.test("train --engine native twice gives byte-identical artifacts, other weights than wasm, and records OpenBLAS", async () => {
  const wasmRoot = await trainedRoot();
  const wasmId = await latest(wasmRoot, "model");
  const [a, b] = [await tempDir(), await tempDir()];
  for (const root of [a, b]) {
    await smallMnist(root);
    await runStageOk("train", ["--artifacts", root, ...TRAINED_FLAGS, "--engine", "native"]);
  }
  const [ma, mb] = await Promise.all(
    [a, b].map(async (root) => readArtifact(join(root, "model", await latest(root, "model")))),
  );
  assert.equal(ma!.manifest.id, mb!.manifest.id);
  assert.deepEqual(ma!.manifest.files, mb!.manifest.files);
  assert.notEqual(ma!.manifest.id, wasmId);
  assert.notEqual(await weightsHash(a, ma!.manifest.id), await weightsHash(wasmRoot, wasmId));
  assert.equal(ma!.manifest.params.engine, "native");
  const env = ma!.manifest.env as Record<string, unknown>;
  assert.equal(env.engine, "native");
  const openblas = env.openblas as Record<string, unknown>;
  assert.match(String(openblas.config), /^OpenBLAS \d/);
  assert.ok(String(openblas.corename).length > 0);
  assert.equal(openblas.threads, 1, "--workers 1: one OpenBLAS thread");
});

Deno.test("train --engine native --workers 2 trains on one thread with two OpenBLAS threads", async () => {
  const root = await tempDir();
  await smallMnist(root);
  const flags = TRAINED_FLAGS.filter((f, i, all) => f !== "--workers" && all[i - 1] !== "--workers");
  const run = await runStageOk("train", [
    "--artifacts",
    root,
    ...flags,
    "--workers",
    "2",
    "--engine",
    "native",
  ]);
  assert.match(run.stdout, /engine native \(.+, 2 OpenBLAS thread\(s\)\)/);
  const { manifest } = await readArtifact(join(root, "model", await latest(root, "model")));
  const env = manifest.env as Record<string, unknown>;
  assert.equal(env.workers, 1);
  assert.equal((env.openblas as Record<string, unknown>).threads, 2);
});

Deno.test("train --engine native with an OpenBLAS that cannot be loaded fails in one line and writes nothing", async () => {
  const root = await tempDir();
  await smallMnist(root);
  Deno.env.set("VAE_OPENBLAS", join(root, "no-such-libopenblas.so.0"));
  try {
    const run = await runStage("train", ["--artifacts", root, ...TRAINED_FLAGS, "--engine", "native"]);
    assertOneLineError(
      run,
      "train",
      new RegExp(
        `cannot load OpenBLAS from .*no-such-libopenblas\\.so\\.0.*apt-get install ${OPENBLAS_PACKAGE}`,
      ),
    );
  } finally {
    Deno.env.delete("VAE_OPENBLAS");
  }
  assert.deepEqual(await artifactIds(root, "model"), []);
});

Deno.test("train --engine native --backend cpu is refused in one line before anything is written", async () => {
  const root = await tempDir();
  await smallMnist(root);
  const run = await runStage("train", [
    "--artifacts",
    root,
    ...TRAINED_FLAGS,
    "--engine",
    "native",
    "--backend",
    "cpu",
  ]);
  assertOneLineError(run, "train", /--engine native runs on --backend wasm/);
  assert.equal(run.code, 2);
  assert.deepEqual(await artifactIds(root, "model"), []);
});

Deno.test("evaluate --engine native gives the same bytes on one worker and on two, and records OpenBLAS", async () => {
  const root = await trainedRoot(300, 2100);
  await runStageOk("export", ["--artifacts", root]);
  const hashes: string[] = [];
  for (const workers of ["1", "2"]) {
    await runStageOk("evaluate", [
      "--artifacts",
      root,
      "--passes",
      "3",
      "--engine",
      "native",
      "--workers",
      workers,
      "--force",
    ]);
    const { manifest } = await readArtifact(join(root, "evaluate", await latest(root, "evaluate")));
    assert.equal((manifest.env as Record<string, unknown>).engine, "native");
    hashes.push(JSON.stringify(manifest.files));
  }
  assert.equal(hashes[0], hashes[1]);
  await runStageOk("evaluate", ["--artifacts", root, "--passes", "3"]);
  assert.equal(
    (await artifactIds(root, "evaluate")).length,
    2,
    "wasm and native evaluations are two artifacts",
  );
});

Deno.test("verify of a native train reruns with its OpenBLAS threads and says what the native engine promises", async () => {
  const root = await tempDir();
  await smallMnist(root);
  const flags = TRAINED_FLAGS.filter((f, i, all) => f !== "--workers" && all[i - 1] !== "--workers");
  await runStageOk("train", ["--artifacts", root, ...flags, "--workers", "1", "--engine", "native"]);
  const run = await runStage("verify", ["train", "--artifacts", root]);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(
    run.stdout,
    /engine native: byte-identical outputs are promised only with the same OpenBLAS build, CPU kernel and threads; made with OpenBLAS .*, 1 thread\(s\), C kernels by gcc [0-9.]+; the rerun used the same/,
  );
  assert.match(run.stdout, /verified: byte-identical outputs/);
  const wasm = await runStage("verify", ["train", "--artifacts", await trainedRoot()]);
  assert.equal(wasm.code, 0);
  assert.match(wasm.stdout, /engine wasm: byte-identical outputs are promised on every machine/);
});

Deno.test("diff of two native trainings with other OpenBLAS threads names the threads", async () => {
  const flags = TRAINED_FLAGS.filter((f, i, all) => f !== "--workers" && all[i - 1] !== "--workers");
  const [a, b] = [await tempDir(), await tempDir()];
  for (const [root, workers] of [[a, "1"], [b, "2"]] as const) {
    await smallMnist(root);
    await runStageOk("train", ["--artifacts", root, ...flags, "--workers", workers, "--engine", "native"]);
  }
  const id = await latest(a, "model");
  const run = await runStage("diff", [join(a, "model", id), join(b, "model", await latest(b, "model"))]);
  assert.match(run.stdout, /^ {2}env: openblas\.threads 1 → 2 \(train\)$/m);
});
