// The explorer's plain-loop decoder gives tfjs' decoder.predict floats bit for bit, and refuses layers it cannot run.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { denseForward } from "../../../lib/tools/view/explorer/dense_forward.ts";

/** A decoder shaped like the exported one (latent → 512 relu → 784 sigmoid), with non-zero biases. */
function decoderLike(latent: number, seed: number): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [latent], units: 512, activation: "relu" }),
      tf.layers.dense({ units: 784, activation: "sigmoid" }),
    ],
  });
  model.setWeights(
    model.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, i % 2 ? 0.3 : 0.5, "float32", seed + i)),
  );
  return model;
}

/** Number of positions where `a` and `b` differ as float32 bit patterns. */
function bitDifferences(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return x.reduce((n, v, i) => n + (v !== y[i] ? 1 : 0), 0);
}

Deno.test("denseForward() gives decoder.predict's floats bit for bit, for 1, 16 and 33 rows and latents 2 and 32", async () => {
  await tf.setBackend("cpu");
  for (const latent of [2, 32]) {
    const model = decoderLike(latent, latent);
    const forward = denseForward(model);
    assert.deepEqual([forward.inputs, forward.outputs], [latent, 784]);
    for (const rows of [1, 16, 33]) {
      const z = tf.tidy(() =>
        tf.randomNormal([rows, latent], 0, 1.5, "float32", rows).dataSync() as Float32Array
      );
      const expected = tf.tidy(() =>
        (model.predict(tf.tensor2d(z, [rows, latent])) as tf.Tensor).dataSync() as Float32Array
      );
      assert.equal(bitDifferences(forward.run(z), expected), 0, `latent ${latent}, ${rows} rows`);
      // Not vacuous: sigmoid outputs spread over (0, 1), and relu cut some hidden units.
      assert.ok(Math.min(...expected) < 0.2 && Math.max(...expected) > 0.8);
    }
    model.dispose();
  }
});

Deno.test("denseForward() refuses a layer that is not Dense with a bias and a known activation, naming it", () => {
  const model = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [2], units: 3, activation: "tanh", name: "squash" })],
  });
  assert.throws(
    () => denseForward(model),
    (error: Error) => error instanceof RangeError && /squash.*tanh/.test(error.message),
  );
});
