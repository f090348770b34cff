// The native training step (lib/stages/train/native_step.ts) computes the wasm path's loss and gradients within float32 tolerance, and Keras' Adam with the tfjs ops' bytes.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../../../lib/core/runtime/backend.ts";
import { engineNamed } from "../../../lib/core/engine/engine.ts";
import { initVaeParams, LAYERS } from "../../../lib/core/model/model_params.ts";
import { toTrainLayout, TRAIN_WEIGHTS, type TrainWeights } from "../../../lib/stages/train/train_layout.ts";
import { lossAndGradients } from "../../../lib/stages/train/vae_gradients.ts";
import { applyAdam, initAdamState } from "../../../lib/stages/train/adam_keras.ts";
import { NativeStep } from "../../../lib/stages/train/native_step.ts";

await useBackend("wasm");
const [wasmEngine, nativeEngine] = [engineNamed("wasm"), engineNamed("native")];
await nativeEngine.activate();

/** Seeded weights with non-zero biases (so that their gradients count), in training layout. */
function weightsOf(
  shape: { inputDim: number; hiddenDim: number; latentDim: number },
  seed: number,
): TrainWeights {
  const params = initVaeParams(shape, seed);
  for (const name of LAYERS) {
    params[name].bias = tf.keep(
      tf.randomUniform(params[name].bias.shape, -0.3, 0.3, "float32", seed + 7),
    ) as tf.Tensor1D;
  }
  return toTrainLayout(params);
}

/** A native step whose weights are `weights`' values, on `threads` threads. */
function nativeStepOf(
  shape: { inputDim: number; hiddenDim: number; latentDim: number },
  weights: TrainWeights,
  threads: 1 | 2 = 2,
) {
  const step = new NativeStep(shape, threads, nativeEngine.blasPath!);
  for (const name of TRAIN_WEIGHTS) step.weights.byName[name].set(weights[name].dataSync());
  return step;
}

for (
  const [shape, rows] of [
    [{ inputDim: 784, hiddenDim: 512, latentDim: 32 }, 128],
    [{ inputDim: 12, hiddenDim: 7, latentDim: 3 }, 5],
  ] as const
) {
  Deno.test(`the native step's loss and gradients match the wasm path within float32 tolerance (${shape.inputDim}-${shape.hiddenDim}-${shape.latentDim}, ${rows} rows)`, async () => {
    const weights = weightsOf(shape, 3);
    const x = tf.randomUniform([rows, shape.inputDim], 0, 1, "float32", 1) as tf.Tensor2D;
    const eps = tf.randomNormal([rows, shape.latentDim], 0, 1, "float32", 2) as tf.Tensor2D;
    await wasmEngine.activate();
    const wasm = lossAndGradients(weights, x, eps);
    await nativeEngine.activate();
    const step = nativeStepOf(shape, weights);
    // Arrays longer than the batch: its rows only are used.
    const longer = (t: tf.Tensor, extra: number) =>
      Float32Array.from([...t.dataSync(), ...new Array(extra).fill(7)]);
    const loss = step.lossAndGradients(longer(x, 3 * shape.inputDim), longer(eps, 3 * shape.latentDim), rows);
    for (const part of ["total", "recon", "kl"] as const) {
      const theirs = wasm.loss[part].dataSync()[0]!;
      assert.ok(
        Math.abs(loss[part] - theirs) <= 1e-5 * Math.abs(theirs),
        `${part}: ${loss[part]} vs ${theirs}`,
      );
    }
    for (const name of TRAIN_WEIGHTS) {
      const [mine, theirs] = [step.grads.byName[name], wasm.grads[name].dataSync()];
      assert.equal(mine.length, theirs.length, name);
      let scale = 0;
      for (const v of theirs) scale = Math.max(scale, Math.abs(v));
      assert.ok(scale > 0, `${name}: all gradients zero`);
      for (let i = 0; i < theirs.length; i++) {
        assert.ok(
          Math.abs(mine[i]! - theirs[i]!) <= 2e-5 * scale,
          `${name}[${i}]: ${mine[i]} vs ${theirs[i]}`,
        );
      }
    }
    // The loss alone (validation) is the same pass's.
    const again = step.loss(x.dataSync() as Float32Array, eps.dataSync() as Float32Array, rows);
    assert.deepEqual(again, loss);
    step.dispose();
  });
}

Deno.test("the native step's Adam gives the bytes of the tfjs ops' Keras Adam over three updates", () => {
  const shape = { inputDim: 20, hiddenDim: 9, latentDim: 2 };
  let weights = weightsOf(shape, 4);
  const step = nativeStepOf(shape, weights);
  let state = initAdamState(weights);
  for (let k = 1; k <= 3; k++) {
    const x = tf.randomUniform([6, 20], 0, 1, "float32", 10 + k);
    const eps = tf.randomNormal([6, 2], 0, 1, "float32", 20 + k);
    step.lossAndGradients(x.dataSync() as Float32Array, eps.dataSync() as Float32Array, 6);
    // The same gradients through tfjs' Adam ops.
    const grads = Object.fromEntries(
      TRAIN_WEIGHTS.map((n) => [n, tf.tensor(step.grads.byName[n], weights[n].shape)]),
    ) as TrainWeights;
    const next = applyAdam(weights, grads, state, 1e-3);
    step.adam(1e-3);
    weights = next.params as TrainWeights;
    state = next.state;
    for (const name of TRAIN_WEIGHTS) {
      assert.deepEqual(
        step.weights.byName[name],
        weights[name].dataSync(),
        `${name} after update ${k}`,
      );
      assert.deepEqual(step.m.byName[name], state.m[name].dataSync(), `m ${name}`);
      assert.deepEqual(step.v.byName[name], state.v[name].dataSync(), `v ${name}`);
    }
  }
  assert.equal(step.step, 3);
  step.dispose();
});

Deno.test("the native step gives the same bytes on one thread and on two, over five steps with odd batch sizes", () => {
  const shape = { inputDim: 784, hiddenDim: 512, latentDim: 32 };
  const weights = weightsOf(shape, 6);
  const [one, two] = [nativeStepOf(shape, weights, 1), nativeStepOf(shape, weights, 2)];
  for (const [k, rows] of [128, 97, 1, 128, 33].entries()) {
    const x = tf.randomUniform([rows, 784], 0, 1, "float32", 30 + k).dataSync() as Float32Array;
    const eps = tf.randomNormal([rows, 32], 0, 1, "float32", 40 + k).dataSync() as Float32Array;
    assert.deepEqual(one.train(x, eps, rows, 1e-3), two.train(x, eps, rows, 1e-3), `loss of step ${k}`);
  }
  for (const part of ["weights", "m", "v"] as const) {
    assert.ok(one[part].all.every((v, i) => Object.is(v, two[part].all[i])), `${part} differ`);
  }
  const start = weights.encoder_hidden_kernel_t.dataSync();
  assert.ok(one.weights.byName.encoder_hidden_kernel_t.some((v, i) => v !== start[i]), "trained");
  one.dispose();
  two.dispose();
});

Deno.test("a training step in one call gives the bytes of its loss and gradients, then Adam, in two", () => {
  // Odd sizes: the threads' shares of the hidden units and of the batch are unequal.
  const shape = { inputDim: 13, hiddenDim: 9, latentDim: 3 };
  const weights = weightsOf(shape, 8);
  const [whole, split] = [nativeStepOf(shape, weights, 2), nativeStepOf(shape, weights, 2)];
  for (const k of [0, 1, 2]) {
    const x = tf.randomUniform([7, 13], 0, 1, "float32", 50 + k).dataSync() as Float32Array;
    const eps = tf.randomNormal([7, 3], 0, 1, "float32", 60 + k).dataSync() as Float32Array;
    assert.deepEqual(whole.train(x, eps, 7, 1e-2), split.lossAndGradients(x, eps, 7), `loss of step ${k}`);
    split.adam(1e-2);
  }
  for (const name of TRAIN_WEIGHTS) {
    for (const part of ["weights", "m", "v"] as const) {
      const [a, b] = [whole[part].byName[name], split[part].byName[name]];
      assert.ok(a.every((v, i) => Object.is(v, b[i])), `${part} of ${name} differ`);
    }
    assert.ok(whole.m.byName[name].every((v) => v !== 0), `every value of ${name} was updated`);
  }
  whole.dispose();
  split.dispose();
});

Deno.test("Adam leaves the native step's gradients zero, and gradients asked for alone are exact after any call", () => {
  // Odd sizes: the threads' shares of the hidden units and of the batch are unequal.
  const shape = { inputDim: 13, hiddenDim: 9, latentDim: 3 };
  const batch = (k: number) => ({
    x: tf.randomUniform([7, 13], 0, 1, "float32", 70 + k).dataSync() as Float32Array,
    eps: tf.randomNormal([7, 3], 0, 1, "float32", 80 + k).dataSync() as Float32Array,
  });
  const allZero = (a: Float32Array) => a.every((v) => Object.is(v, 0));
  const sameBytes = (a: Float32Array, b: Float32Array) => a.every((v, i) => Object.is(v, b[i]));
  const trained = nativeStepOf(shape, weightsOf(shape, 9), 2);
  const { x: x0, eps: e0 } = batch(0);
  trained.train(x0, e0, 7, 1e-2);
  assert.ok(allZero(trained.grads.all), "gradients after a training step");
  // A step that never ran Adam, at the same weights and moments.
  const fresh = new NativeStep(shape, 1, nativeEngine.blasPath!);
  for (const part of ["weights", "m", "v"] as const) fresh[part].all.set(trained[part].all);
  fresh.step = trained.step;
  const { x: x1, eps: e1 } = batch(1);
  trained.lossAndGradients(x1, e1, 7);
  const exact = trained.grads.all.slice();
  assert.ok(!allZero(exact), "gradients computed");
  fresh.lossAndGradients(x1, e1, 7);
  assert.ok(sameBytes(fresh.grads.all, exact), "gradients after Adam vs on a fresh step");
  trained.lossAndGradients(x1, e1, 7);
  assert.ok(sameBytes(trained.grads.all, exact), "gradients asked for twice in a row");
  trained.adam(1e-2);
  fresh.adam(1e-2);
  assert.ok(allZero(trained.grads.all) && allZero(fresh.grads.all), "gradients after Adam alone");
  // A training step after gradients without Adam, and one after Adam: the same bytes.
  const { x: x2, eps: e2 } = batch(2);
  trained.lossAndGradients(x2, e2, 7);
  const { x: x3, eps: e3 } = batch(3);
  assert.deepEqual(trained.train(x3, e3, 7, 1e-2), fresh.train(x3, e3, 7, 1e-2));
  for (const part of ["weights", "m", "v"] as const) {
    assert.ok(sameBytes(trained[part].all, fresh[part].all), `${part} after the last step`);
  }
  trained.dispose();
  fresh.dispose();
});

Deno.test("the native step gives the same bytes on one thread and on two over 300 small steps, whichever thread takes which task", () => {
  // Tiny tasks: the two threads race for the shared ones in many different orders.
  const shape = { inputDim: 13, hiddenDim: 9, latentDim: 3 };
  const weights = weightsOf(shape, 10);
  const [one, two] = [nativeStepOf(shape, weights, 1), nativeStepOf(shape, weights, 2)];
  const x = tf.randomUniform([300 + 8, 13], 0, 1, "float32", 90).dataSync() as Float32Array;
  const eps = tf.randomNormal([300 + 8, 3], 0, 1, "float32", 91).dataSync() as Float32Array;
  for (let k = 0; k < 300; k++) {
    const [xk, ek, rows] = [x.subarray(k * 13), eps.subarray(k * 3), 1 + (k % 8)];
    if (k % 3 === 2) {
      assert.deepEqual(one.lossAndGradients(xk, ek, rows), two.lossAndGradients(xk, ek, rows), `loss ${k}`);
      one.adam(1e-2);
      two.adam(1e-2);
    } else {
      assert.deepEqual(one.train(xk, ek, rows, 1e-2), two.train(xk, ek, rows, 1e-2), `loss ${k}`);
    }
  }
  for (const part of ["weights", "m", "v"] as const) {
    assert.ok(one[part].all.every((v, i) => Object.is(v, two[part].all[i])), `${part} differ`);
  }
  one.dispose();
  two.dispose();
});
