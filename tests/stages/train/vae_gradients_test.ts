// lossAndGradients(), the hand-written backward pass, matches tf.grad autograd of the plain forward pass on a small VAE.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../../../lib/core/runtime/backend.ts";
import { initVaeParams, LAYERS, type VaeParams } from "../../../lib/core/model/model_params.ts";
import { toTrainLayout, TRAIN_WEIGHTS } from "../../../lib/stages/train/train_layout.ts";
import { lossAndGradients, trainingLoss } from "../../../lib/stages/train/vae_gradients.ts";

await useBackend("wasm");

Deno.test("lossAndGradients() matches tf.grad autograd of the plain forward pass on a small VAE", () => {
  const shape = { inputDim: 12, hiddenDim: 7, latentDim: 3 };
  const params = initVaeParams(shape, 5);
  // Non-zero biases so that their gradients are exercised too.
  for (const name of LAYERS) {
    params[name].bias = tf.keep(
      tf.randomUniform(params[name].bias.shape, -0.3, 0.3, "float32", 9),
    ) as tf.Tensor1D;
  }
  const x = tf.randomUniform([6, 12], 0, 1, "float32", 1) as tf.Tensor2D;
  const eps = tf.randomNormal([6, 3], 0, 1, "float32", 2) as tf.Tensor2D;
  const { loss, grads } = lossAndGradients(toTrainLayout(params), x, eps);
  assert.ok(Math.abs(loss.total.dataSync()[0]! - trainingLoss(params, x, eps).total.dataSync()[0]!) < 1e-4);
  // Autograd in model layout, then moved into training layout (transpose/concat are exact).
  const reference = {} as VaeParams;
  for (const name of LAYERS) {
    const gradOf = (part: "kernel" | "bias") =>
      tf.grad((w: tf.Tensor) =>
        trainingLoss({ ...params, [name]: { ...params[name], [part]: w } }, x, eps).total
      )(
        params[name][part],
      );
    reference[name] = { kernel: gradOf("kernel") as tf.Tensor2D, bias: gradOf("bias") as tf.Tensor1D };
  }
  const expected = toTrainLayout(reference);
  for (const name of TRAIN_WEIGHTS) {
    const mine = grads[name].dataSync();
    const theirs = expected[name].dataSync();
    assert.deepEqual(grads[name].shape, expected[name].shape, name);
    const scale = Math.max(...theirs.map(Math.abs));
    for (let i = 0; i < theirs.length; i++) {
      assert.ok(
        Math.abs(mine[i]! - theirs[i]!) <= 1e-4 * scale + 1e-6,
        `${name}[${i}]: ${mine[i]} vs ${theirs[i]}`,
      );
    }
  }
});
