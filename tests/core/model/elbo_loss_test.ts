// elboLoss() and clippedBce() equal values worked out by hand (two images of three pixels; Keras' clip to [1e−7, 1 − 1e−7]) and stay finite for a saturated logit.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { clippedBce, elboLoss } from "../../../lib/core/model/elbo_loss.ts";

Deno.test("elboLoss() equals the loss worked out by hand for two images of three pixels", () => {
  const x = [[0, 0.5, 1], [1, 0.2, 0]];
  const logits = [[-1, 0.3, 2], [0.5, -0.7, 25]];
  const zMean = [[0.1, -0.2], [0.5, 0]];
  const zLogVar = [[0, -1], [0.3, 0.2]];
  // By hand: BCE(x, p) = −[x·ln p + (1 − x)·ln(1 − p)], p = 1 / (1 + e^−l).
  const sigmoid = (l: number) => 1 / (1 + Math.exp(-l));
  const bce = (xi: number, l: number) => -(xi * Math.log(sigmoid(l)) + (1 - xi) * Math.log(1 - sigmoid(l)));
  let recon = 0;
  let kl = 0;
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 3; j++) recon += bce(x[i]![j]!, logits[i]![j]!) / 2;
    for (let j = 0; j < 2; j++) {
      const m = zMean[i]![j]!;
      const lv = zLogVar[i]![j]!;
      kl += (-0.5 * (1 + lv - m * m - Math.exp(lv))) / 2;
    }
  }
  const loss = elboLoss(tf.tensor2d(x), tf.tensor2d(logits), tf.tensor2d(zMean), tf.tensor2d(zLogVar));
  assert.ok(
    Math.abs(loss.recon.dataSync()[0]! - recon) < 1e-5,
    `recon ${loss.recon.dataSync()[0]} vs ${recon}`,
  );
  assert.ok(Math.abs(loss.kl.dataSync()[0]! - kl) < 1e-6, `kl ${loss.kl.dataSync()[0]} vs ${kl}`);
  assert.ok(Math.abs(loss.total.dataSync()[0]! - (recon + kl)) < 1e-5);
});

Deno.test("elboLoss() stays finite for a saturated logit where the naive log(1 − p) is −∞", () => {
  const loss = elboLoss(tf.tensor2d([[0]]), tf.tensor2d([[100]]), tf.tensor2d([[0]]), tf.tensor2d([[0]]));
  assert.ok(Math.abs(loss.recon.dataSync()[0]! - 100) < 1e-4);
});

Deno.test("clippedBce() clips probabilities to [1e−7, 1 − 1e−7] as Keras does, worked out by hand", () => {
  // x = 1 at p = 0 and x = 0 at p = 1 would be infinite without the clip.
  const bce = clippedBce(tf.tensor2d([[1, 0, 0.5]]), tf.tensor2d([[0, 1, 0.25]])).dataSync()[0]!;
  const low = Math.fround(1e-7); // the clip as float32
  const highGap = 1 - Math.fround(1 - 1e-7); // 1 − (1 − 1e−7) in float32
  const expected = -Math.log(low) - Math.log(highGap) - (0.5 * Math.log(0.25) + 0.5 * Math.log(0.75));
  assert.ok(Math.abs(bce - expected) < 1e-4, `${bce} vs ${expected}`);
});
