import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../../lib/runtime/backend.ts";
import { adamKernel, loadKernels } from "../../lib/native/native_kernels.ts";
import { applyAdam, initAdamState } from "../../lib/train/adam_keras.ts";

await useBackend("wasm");
await loadKernels();

Deno.test("applyAdam() with the native kernel gives the tfjs ops' bytes over ten updates (the same float32 steps in the same order)", () => {
  const start = {
    w: tf.randomNormal([300, 7], 0, 1, "float32", 1),
    b: tf.randomNormal([7], 0, 1, "float32", 2),
  };
  let [fused, reference] = [
    { params: start, state: initAdamState(start) },
    { params: start, state: initAdamState(start) },
  ];
  for (let step = 1; step <= 10; step++) {
    // Gradients of all sizes, tiny ones included (where v is tiny, ε matters).
    const grads = {
      w: tf.mul(tf.randomNormal([300, 7], 0, 1, "float32", 10 + step), 10 ** -(step % 5)),
      b: tf.randomNormal([7], 0, 1e-6, "float32", 20 + step),
    };
    fused = applyAdam(fused.params, grads, fused.state, 1e-3, adamKernel);
    reference = applyAdam(reference.params, grads, reference.state, 1e-3);
  }
  assert.equal(fused.state.step, 10);
  for (const name of ["w", "b"] as const) {
    for (
      const [mine, theirs] of [
        [fused.params[name], reference.params[name]],
        [fused.state.m[name], reference.state.m[name]],
        [fused.state.v[name], reference.state.v[name]],
      ]
    ) {
      assert.deepEqual(mine!.dataSync(), theirs!.dataSync(), name);
    }
  }
});

Deno.test("applyAdam() with the native kernel leaves its inputs as they were", () => {
  const params = { w: tf.tensor1d([1, -2, 3]) };
  const state = initAdamState(params);
  const grads = { w: tf.tensor1d([0.5, 0.5, -0.5]) };
  const next = applyAdam(params, grads, state, 0.1, adamKernel);
  assert.deepEqual([...params.w.dataSync()], [1, -2, 3]);
  assert.deepEqual([...state.m.w!.dataSync()], [0, 0, 0]);
  // The first step moves each weight by ≈ lr against its gradient's sign.
  next.params.w.dataSync().forEach((v, i) => assert.ok(Math.abs(v - [0.9, -2.1, 3.1][i]!) < 1e-4, `${v}`));
});
