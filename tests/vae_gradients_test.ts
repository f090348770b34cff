import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../lib/backend.ts";
import { initVaeParams, LAYERS } from "../lib/model_params.ts";
import { lossAndGradients, trainingLoss } from "../lib/vae_gradients.ts";

await useBackend("wasm");

Deno.test("lossAndGradients() matches tf.grad autograd on a small VAE", () => {
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
  const { loss, grads } = lossAndGradients(params, x, eps);
  assert.ok(Math.abs(loss.total.dataSync()[0]! - trainingLoss(params, x, eps).total.dataSync()[0]!) < 1e-4);
  for (const name of LAYERS) {
    for (const part of ["kernel", "bias"] as const) {
      const reference = tf.grad((w: tf.Tensor) => {
        const copy = { ...params, [name]: { ...params[name], [part]: w } };
        return trainingLoss(copy, x, eps).total;
      })(params[name][part]);
      const mine = grads[name][part].dataSync();
      const theirs = reference.dataSync();
      const scale = Math.max(...theirs.map(Math.abs));
      for (let i = 0; i < theirs.length; i++) {
        assert.ok(
          Math.abs(mine[i]! - theirs[i]!) <= 1e-4 * scale + 1e-6,
          `${name}/${part}[${i}]: ${mine[i]} vs ${theirs[i]}`,
        );
      }
    }
  }
});
