// The VAE forward pass: vaeForward() with ε = 0 equals decode(z_mean), sampleLatent() moves z by exp(0.5·z_log_var)·ε, and initVaeParams() draws repeatable glorot-uniform kernels within bounds and zero biases.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../../../lib/core/runtime/backend.ts";
import { decode, encode, sampleLatent, vaeForward } from "../../../lib/core/model/model_forward.ts";
import { initVaeParams } from "../../../lib/core/model/model_params.ts";

await useBackend("wasm");
const shape = { inputDim: 784, hiddenDim: 32, latentDim: 4 };

Deno.test("vaeForward() with ε = 0 equals decode(z_mean) exactly", () => {
  const params = initVaeParams(shape, 3);
  const x = tf.randomUniform([20, 784], 0, 1, "float32", 4) as tf.Tensor2D;
  const zeros = tf.zeros([20, 4]) as tf.Tensor2D;
  const mean = decode(params, encode(params, x).zMean).dataSync();
  const sampled = vaeForward(params, x, zeros).dataSync();
  assert.deepEqual(sampled, mean);
});

Deno.test("sampleLatent() moves z by exp(0.5·z_log_var)·ε", () => {
  const z = sampleLatent(tf.tensor2d([[1, -1]]), tf.tensor2d([[0, Math.log(4)]]), tf.tensor2d([[0.5, 2]]))
    .dataSync();
  assert.ok(Math.abs(z[0]! - 1.5) < 1e-6 && Math.abs(z[1]! - 3) < 1e-6, `z = ${z}`);
});

Deno.test("initVaeParams() draws glorot-uniform kernels within ±√(6/(fan_in+fan_out)) and zero biases, repeatably", () => {
  const a = initVaeParams(shape, 7);
  const b = initVaeParams(shape, 7);
  const kernel = a.encoder_hidden.kernel.dataSync();
  const limit = Math.sqrt(6 / (784 + 32));
  assert.ok(kernel.every((w) => Math.abs(w) <= limit));
  assert.ok(
    Math.max(...kernel) > 0.9 * limit,
    "kernel does not span its range (glorot-normal would be narrower)",
  );
  assert.ok(a.decoder_output.bias.dataSync().every((v) => v === 0));
  assert.deepEqual(b.encoder_hidden.kernel.dataSync(), kernel);
  assert.notDeepEqual(initVaeParams(shape, 8).encoder_hidden.kernel.dataSync(), kernel);
});
