// The native C kernels: clipped BCE and sigmoid match wasm within float32 tolerance (saturated pixels and far tails included), and loadKernels() reports its compiler and flags or, without gcc, the packages to install in one line.
import assert from "node:assert/strict";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../../../lib/core/runtime/backend.ts";
import { onBothEngines } from "./_engines.ts";
import { KERNEL_PACKAGES, loadKernels } from "../../../lib/core/native/native_kernels.ts";
import { PROJECT_ROOT } from "../../../lib/core/store/source_fingerprint.ts";
import { tempDir } from "../../_files.ts";

await useBackend("wasm");

Deno.test("the native clipped BCE matches wasm's within float32 tolerance, saturated pixels included", async () => {
  const x = tf.randomUniform([37, 784], 0, 1, "float32", 1) as tf.Tensor2D;
  // Probabilities of every size, 0 and 1 (clipped) included.
  const p = tf.concat(
    [tf.randomUniform([37, 780], 0, 1, "float32", 2), tf.zeros([37, 2]), tf.ones([37, 2])],
    1,
  );
  const [wasm, native] = await onBothEngines((engine) => engine.clippedBce(x, p).dataSync());
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
      `import { loadKernels } from "${join(PROJECT_ROOT, "lib/core/native/native_kernels.ts")}";
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
      `cannot build lib/core/native/kernels\\.c \\(gcc: .*\\); install Debian's ${KERNEL_PACKAGES} \\(apt-get install ${KERNEL_PACKAGES}\\) or use --engine wasm`,
    ),
  );
});

Deno.test("loadKernels() reports the compiler and flags it built with", async () => {
  const info = await loadKernels();
  assert.match(info.compiler, /^gcc \d+\.\d+/);
  assert.match(info.flags, /-ffp-contract=off/);
});
