import assert from "node:assert/strict";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../../lib/runtime/backend.ts";
import { onBothEngines } from "./_engines.ts";
import { KERNEL_PACKAGES, loadKernels } from "../../lib/native/native_kernels.ts";
import { clippedBce } from "../../lib/model/elbo_loss.ts";
import { PROJECT_ROOT } from "../../lib/store/source_fingerprint.ts";
import { tempDir } from "../_helpers.ts";

await useBackend("wasm");

Deno.test("the native clipped BCE matches wasm's within float32 tolerance, saturated pixels included", async () => {
  const x = tf.randomUniform([37, 784], 0, 1, "float32", 1) as tf.Tensor2D;
  // Probabilities of every size, 0 and 1 (clipped) included.
  const p = tf.concat(
    [tf.randomUniform([37, 780], 0, 1, "float32", 2), tf.zeros([37, 2]), tf.ones([37, 2])],
    1,
  );
  const [wasm, native] = await onBothEngines(() => clippedBce(x, p).dataSync());
  assert.equal(native.length, 37);
  wasm.forEach((v, i) =>
    assert.ok(Math.abs(native[i]! - v) <= 1e-5 * Math.abs(v), `[${i}]: ${native[i]} vs ${v}`)
  );
});

Deno.test("the native sigmoid matches wasm's within float32 tolerance, also far out in both tails", async () => {
  const x = tf.concat([tf.randomNormal([1003], 0, 8, "float32", 5), tf.tensor1d([-200, -90, 0, 90, 200])]);
  const [wasm, native] = await onBothEngines(() => tf.sigmoid(x).dataSync());
  wasm.forEach((v, i) =>
    assert.ok(Math.abs(native[i]! - v) <= 1e-6 * Math.max(v, 1e-30) + 1e-38, `[${i}]: ${native[i]} vs ${v}`)
  );
});

Deno.test("loadKernels() says which packages to install when gcc is missing, in one line", async () => {
  const empty = await tempDir();
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `import { loadKernels } from "${join(PROJECT_ROOT, "lib/native/native_kernels.ts")}";
      try { await loadKernels(); } catch (e) { console.log(e.message); }`,
    ],
    env: { PATH: empty, NO_COLOR: "1" },
    clearEnv: true,
    cwd: PROJECT_ROOT,
    stdout: "piped",
  }).output();
  const lines = new TextDecoder().decode(output.stdout).trim().split("\n");
  assert.equal(lines.length, 1, lines.join("\n"));
  assert.match(
    lines[0]!,
    new RegExp(
      `cannot build lib/native/kernels\\.c \\(gcc: .*\\); install Debian's ${KERNEL_PACKAGES} \\(apt-get install ${KERNEL_PACKAGES}\\) or use --engine wasm`,
    ),
  );
});

Deno.test("loadKernels() reports the compiler and flags it built with", async () => {
  const info = await loadKernels();
  assert.match(info.compiler, /^gcc \d+\.\d+/);
  assert.match(info.flags, /-ffp-contract=off/);
});

/** Runs loadKernels() in a process of its own with the kernel cache under `cache`; resolves to its output line. */
async function loadKernelsIn(cache: string): Promise<{ ok: boolean; line: string }> {
  const script = `import { loadKernels } from "${join(PROJECT_ROOT, "lib/native/native_kernels.ts")}";
    try { console.log(JSON.stringify(await loadKernels())); } catch (e) { console.log(e.message); Deno.exit(1); }`;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    env: { VAE_NATIVE_CACHE: cache, NO_COLOR: "1" },
    cwd: PROJECT_ROOT,
    stdout: "piped",
  }).output();
  return { ok: output.success, line: new TextDecoder().decode(output.stdout).trim() };
}

Deno.test("loadKernels() at once in three processes and in three workers of one process: all load, one object is left", async () => {
  const cache = await tempDir();
  // Workers of one process share its pid: their builds must not share a file name either.
  const worker = join(await tempDir(), "load_worker.ts");
  await Deno.writeTextFile(
    worker,
    `import { loadKernels } from "${join(PROJECT_ROOT, "lib/native/native_kernels.ts")}";
    self.postMessage(await loadKernels().then(() => "ok", (e) => e.message));`,
  );
  const script = `const replies = await Promise.all([1, 2, 3].map(() => new Promise((resolve) => {
      const w = new Worker("file://${worker}", { type: "module" });
      w.onmessage = (m) => { resolve(m.data); w.terminate(); };
      w.onerror = (e) => { e.preventDefault(); resolve(e.message); w.terminate(); };
    })));
    console.log(replies.every((r) => r === "ok") ? "ok" : JSON.stringify(replies));`;
  const inWorkers = new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    env: { VAE_NATIVE_CACHE: cache, NO_COLOR: "1" },
    cwd: PROJECT_ROOT,
    stdout: "piped",
  }).output();
  const runs = await Promise.all([loadKernelsIn(cache), loadKernelsIn(cache), loadKernelsIn(cache)]);
  for (const run of runs) assert.ok(run.ok, run.line);
  assert.equal(new TextDecoder().decode((await inWorkers).stdout).trim(), "ok");
  const files = [...Deno.readDirSync(cache)].map((e) => e.name);
  assert.equal(files.length, 1, files.join(", "));
  assert.match(files[0]!, /^kernels-[0-9a-f]{16}\.so$/);
});

Deno.test("loadKernels() builds a damaged cached object again", async () => {
  const cache = await tempDir();
  assert.ok((await loadKernelsIn(cache)).ok);
  const [name] = [...Deno.readDirSync(cache)].map((e) => e.name);
  const object = join(cache, name!);
  await Deno.writeTextFile(object, "not an ELF file");
  const again = await loadKernelsIn(cache);
  assert.ok(again.ok, again.line);
  assert.ok((await Deno.stat(object)).size > 1000, "rebuilt");
});
