// exportDifferences(): models built from the weights agree with the reference pass, and a changed weight that only images past the first chunk use is found.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../../../lib/core/runtime/backend.ts";
import { exportDifferences } from "../../../lib/stages/export/export_check.ts";
import { buildKerasModels } from "../../../lib/core/model/keras_models.ts";
import { initVaeParams } from "../../../lib/core/model/model_params.ts";

await useBackend("wasm");
const shape = { inputDim: 784, hiddenDim: 16, latentDim: 2 };
const params = initVaeParams(shape, 9);
const models = buildKerasModels(params, shape);
// 1,500 images, blank except pixel 0 in the last 500: past the first chunk of 1,000.
const rows = 1500;
const x = tf.tidy(() => {
  const pixelZero = tf.concat([tf.zeros([1000, 1]), tf.fill([500, 1], 0.7)]);
  return tf.concat([pixelZero, tf.zeros([rows, 783])], 1);
}) as tf.Tensor2D;
const eps = tf.randomNormal([rows, 2], 0, 1, "float32", 3) as tf.Tensor2D;

Deno.test("models built from the weights show no difference from the reference pass", () => {
  assert.deepEqual(Object.values(exportDifferences(models, params, x, eps)), [0, 0, 0, 0, 0]);
});

Deno.test("a changed weight that only images past the first chunk use is found", () => {
  // Row 0 of the encoder kernel multiplies pixel 0, which is 0 in the first 1,000 images.
  const kernel = params.encoder_hidden.kernel;
  const changed = tf.tidy(() =>
    tf.add(kernel, tf.oneHot([0], 784).reshape([784, 1]).mul(0.01))
  ) as tf.Tensor2D;
  const altered = { ...params, encoder_hidden: { kernel: changed, bias: params.encoder_hidden.bias } };
  const differences = exportDifferences(models, altered, x, eps);
  assert.ok(differences.encoderZMean > 0, JSON.stringify(differences));
  assert.ok(differences.vaeSampled > 0, JSON.stringify(differences));
  assert.equal(differences.decoder, 0); // the decoder's weights did not change
  const firstChunk = tf.tidy(() => [x.slice([0, 0], [1000, -1]), eps.slice([0, 0], [1000, -1])]);
  const early = exportDifferences(
    models,
    altered,
    firstChunk[0] as tf.Tensor2D,
    firstChunk[1] as tf.Tensor2D,
  );
  assert.equal(early.encoderZMean, 0);
});
