// The native engine's tf.matMul() and tf.fused.matMul() (bias, relu/linear/sigmoid) match wasm for every transpose and batched operands, survive a wasm heap growth, and switching back to wasm restores wasm's bytes.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../../../lib/core/runtime/backend.ts";
import { onBothEngines } from "./_engines.ts";
import { engineNamed } from "../../../lib/core/engine/engine.ts";

await useBackend("wasm");

function assertClose(actual: tf.Tensor, expected: tf.Tensor, what: string, tolerance = 1e-5): void {
  assert.deepEqual(actual.shape, expected.shape, what);
  const [a, e] = [actual.dataSync(), expected.dataSync()];
  e.forEach((v, i) => {
    assert.ok(Math.abs(a[i]! - v) <= tolerance * Math.max(1, Math.abs(v)), `${what} [${i}]: ${a[i]} vs ${v}`);
  });
}

Deno.test("native tf.matMul() matches wasm for every transpose and for batched operands", async () => {
  const a = tf.randomNormal([3, 6, 9], 0, 1, "float32", 1) as tf.Tensor3D;
  const b = tf.randomNormal([3, 9, 4], 0, 1, "float32", 2) as tf.Tensor3D;
  const a2 = a.slice([0, 0, 0], [1, 6, 9]).reshape([6, 9]) as tf.Tensor2D;
  const b2 = b.slice([0, 0, 0], [1, 9, 4]).reshape([9, 4]) as tf.Tensor2D;
  const cases: [string, () => tf.Tensor][] = [
    ["a·b", () => tf.matMul(a2, b2)],
    ["aᵀ·b", () => tf.matMul(a2.transpose(), b2, true, false)],
    ["a·bᵀ", () => tf.matMul(a2, b2.transpose(), false, true)],
    ["aᵀ·bᵀ", () => tf.matMul(a2.transpose(), b2.transpose(), true, true)],
    ["batched", () => tf.matMul(a, b)],
    ["batch broadcast", () => tf.matMul(a, b2.reshape([1, 9, 4]))],
  ];
  for (const [what, f] of cases) {
    const [wasm, native] = await onBothEngines(f);
    assertClose(native, wasm, what);
  }
});

Deno.test("native tf.fused.matMul() adds the bias and applies relu, linear and sigmoid as wasm does", async () => {
  const a = tf.randomNormal([5, 8], 0, 1, "float32", 3) as tf.Tensor2D;
  const b = tf.randomNormal([8, 6], 0, 1, "float32", 4) as tf.Tensor2D;
  const bias = tf.randomNormal([6], 0, 1, "float32", 5);
  for (const activation of ["linear", "relu", "sigmoid"] as const) {
    const [wasm, native] = await onBothEngines(() => tf.fused.matMul({ a, b, bias, activation }));
    assertClose(native, wasm, activation);
  }
  const [wasm, native] = await onBothEngines(() =>
    tf.fused.matMul({ a, b, transposeB: false, activation: "relu" })
  );
  assertClose(native, wasm, "no bias");
});

Deno.test("activating the wasm engine puts back the wasm kernels: the same bytes as before native ran", async () => {
  const a = tf.randomNormal([64, 100], 0, 1, "float32", 6) as tf.Tensor2D;
  const b = tf.randomNormal([100, 30], 0, 1, "float32", 7) as tf.Tensor2D;
  await engineNamed("wasm").activate();
  const before = tf.matMul(a, b).dataSync();
  await engineNamed("native").activate();
  const native = tf.matMul(a, b).dataSync();
  await engineNamed("wasm").activate();
  assert.deepEqual(tf.matMul(a, b).dataSync(), before);
  assert.notDeepEqual(native, before, "native and wasm round differently somewhere in 192,000 products");
});

Deno.test("native tf.fused.matMul() is right when moving its bias onto the wasm heap grows the heap", async () => {
  // A bias made on the cpu backend moves to the wasm heap when the kernel reads it; large
  // enough, the move grows the heap, which detaches any view taken before.
  const n = 16 * 1024 * 1024;
  await tf.setBackend("cpu");
  const bias = tf.fill([n], 1);
  await tf.setBackend("wasm");
  await engineNamed("native").activate();
  try {
    const heap = () =>
      (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer.byteLength;
    const before = heap();
    const y = tf.fused.matMul({ a: tf.ones([1, 1]), b: tf.ones([1, n]), bias, activation: "relu" });
    assert.ok(heap() > before, "the heap grew");
    const values = y.dataSync();
    assert.equal(values.length, n);
    assert.ok(values.every((v) => v === 2), "1·1 + 1 everywhere");
    tf.dispose([y, bias]);
  } finally {
    await engineNamed("wasm").activate();
  }
});
