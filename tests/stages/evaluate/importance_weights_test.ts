// LogMeanExp equals log(mean(exp)) even where exp overflows, and runChunk()'s importance-weighted bound equals a float64 computation from the same ε and lies below the passes' mean −log w.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../../../lib/core/runtime/backend.ts";
import { LogMeanExp } from "../../../lib/stages/evaluate/importance_weights.ts";
import { runChunk } from "../../../lib/stages/evaluate/stochastic_passes.ts";
import { engineNamed } from "../../../lib/core/engine/engine.ts";
import { passEpsilon } from "../../../lib/stages/evaluate/pass_loop.ts";
import { buildKerasModels } from "../../../lib/core/model/keras_models.ts";
import { decode, encode } from "../../../lib/core/model/model_forward.ts";
import { initVaeParams } from "../../../lib/core/model/model_params.ts";

await useBackend("wasm");

Deno.test("LogMeanExp equals log of the mean of exp, also for values whose exp overflows", () => {
  const values = [[-3, 800], [0.5, 805], [2, 799]];
  const streamed = new LogMeanExp(2);
  for (const pass of values) streamed.add(pass);
  const [first, second] = streamed.value();
  const direct = Math.log(values.reduce((s, v) => s + Math.exp(v[0]!), 0) / 3);
  assert.ok(Math.abs(first! - direct) < 1e-12, `${first} vs ${direct}`);
  // exp(805) overflows: shifted by 800, log mean exp = 800 + log((1 + e^5 + e^-1)/3).
  const shifted = 800 + Math.log((1 + Math.exp(5) + Math.exp(-1)) / 3);
  assert.ok(Math.abs(second! - shifted) < 1e-9, `${second} vs ${shifted}`);
});

/** log N(v; mean, exp(logVar)) summed over a row, in float64. */
function logNormal(v: number[], mean: number[], logVar: number[]): number {
  return v.reduce(
    (s, vd, d) =>
      s - 0.5 * (Math.log(2 * Math.PI) + logVar[d]! + (vd - mean[d]!) ** 2 / Math.exp(logVar[d]!)),
    0,
  );
}

Deno.test("runChunk's importance-weighted bound equals a direct float64 computation from the same ε, and is below the passes' mean −log w", async () => {
  const shape = { inputDim: 784, hiddenDim: 16, latentDim: 3 };
  const params = initVaeParams(shape, 11);
  const models = buildKerasModels(params, shape);
  const rows = 4;
  const passes = 5;
  const x = tf.randomUniform([rows, 784], 0, 1, "float32", 12) as tf.Tensor2D;
  const result = await runChunk(engineNamed("wasm"), models, x, passes, 9, 0);
  const pixels = x.arraySync();
  const { zMean, zLogVar } = encode(params, x);
  const [mu, logVar] = [zMean.arraySync(), zLogVar.arraySync()];
  const logWeights: number[][] = pixels.map(() => []);
  for (let pass = 1; pass <= passes; pass++) {
    const eps = passEpsilon(9, 0, pass, rows, 3).arraySync();
    const z = eps.map((row, i) => row.map((e, d) => mu[i]![d]! + Math.exp(0.5 * logVar[i]![d]!) * e));
    const y = decode(params, tf.tensor2d(z)).arraySync();
    for (let i = 0; i < rows; i++) {
      const logLikelihood = pixels[i]!.reduce((s, xi, j) => {
        const p = Math.min(Math.max(y[i]![j]!, 1e-7), 1 - 1e-7);
        return s + xi * Math.log(p) + (1 - xi) * Math.log(1 - p);
      }, 0);
      const zero = z[i]!.map(() => 0);
      const prior = logNormal(z[i]!, zero, zero);
      logWeights[i]!.push(logLikelihood + prior - logNormal(z[i]!, mu[i]!, logVar[i]!));
    }
  }
  for (let i = 0; i < rows; i++) {
    const w = logWeights[i]!;
    const max = Math.max(...w);
    const direct = -(max + Math.log(w.reduce((s, v) => s + Math.exp(v - max), 0) / passes));
    const got = result.importanceWeightedBound[i]!;
    // float32 pixels summed over 784 terms: agreement to ~1e-3 nats of a ~550-nat figure.
    assert.ok(
      Math.abs(got - direct) < 2e-3 * Math.max(1, Math.abs(direct) / 100),
      `image ${i}: ${got} vs ${direct}`,
    );
    const meanNegLogWeight = -w.reduce((s, v) => s + v, 0) / passes;
    assert.ok(
      got <= meanNegLogWeight + 1e-6,
      `image ${i}: bound ${got} above mean −log w ${meanNegLogWeight}`,
    );
  }
});
