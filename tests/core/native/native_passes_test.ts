// The native pass loop against the tfjs loop, and its optional per-part timer.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../../../lib/core/runtime/backend.ts";
import { onBothEngines } from "./_engines.ts";
import { runChunk } from "../../../lib/stages/evaluate/stochastic_passes.ts";
import { buildKerasModels } from "../../../lib/core/model/keras_models.ts";
import { initVaeParams } from "../../../lib/core/model/model_params.ts";
import { engineNamed } from "../../../lib/core/engine/engine.ts";
import { nativePasses } from "../../../lib/stages/evaluate/native_passes.ts";
import { newChunkBuffers } from "../../../lib/stages/evaluate/chunk_buffers.ts";
import { PassTimer } from "../../../lib/stages/evaluate/pass_timer.ts";

await useBackend("wasm");

/** Largest |a − b| over two arrays of one length. */
function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

for (const passes of [2, 7]) {
  Deno.test(`the native pass loop gives the tfjs loop's results within float32 tolerance, N = ${passes}, and its pass 1 is the exported VAE's bytes`, async () => {
    const shape = { inputDim: 784, hiddenDim: 64, latentDim: 5 };
    // Random weights with some spread, so that the passes differ from the mean decode.
    const params = initVaeParams(shape, 3);
    const models = buildKerasModels(params, shape);
    const x = tf.randomUniform([23, 784], 0, 1, "float32", 4) as tf.Tensor2D;
    const [wasm, native] = await onBothEngines(async (engine) =>
      structuredClone(await runChunk(engine, models, x, passes, 5, 2))
    );
    assert.equal(native.vaeVersusDecoderMaxAbs, 0);
    assert.equal(native.epsilonZeroMaxAbs, 0);
    for (const key of ["firstPass", "secondPass", "thirdPass", "passMean", "meanDecode"] as const) {
      assert.ok(maxAbsDiff(native[key], wasm[key]) < 1e-5, key);
    }
    // N = 2: the figure's third row is pass 2 again.
    if (passes === 2) assert.deepEqual(native.thirdPass, native.secondPass);
    else assert.notDeepEqual(native.thirdPass, native.secondPass);
    assert.ok(maxAbsDiff(native.passVariance, wasm.passVariance) < 1e-6, "passVariance");
    assert.ok(native.passVariance.some((v) => v > 1e-4), "the passes vary");
    for (const key of ["negElboRecon", "importanceWeightedBound"] as const) {
      assert.ok(maxAbsDiff(native[key], wasm[key]) < 1e-3, key);
    }
    // Spreads across passes: each pass's figure moves by at most its tolerance above, so its
    // standard deviation does too.
    const spread = (v: Float64Array) => Array.from(v, Math.sqrt);
    assert.ok(
      maxAbsDiff(spread(native.reconVarianceAcrossPasses), spread(wasm.reconVarianceAcrossPasses)) < 2e-3,
    );
    assert.ok(
      maxAbsDiff(spread(native.rmsVarianceAcrossPasses), spread(wasm.rmsVarianceAcrossPasses)) < 1e-5,
    );
  });
}

Deno.test("the native pass loop, given a timer, counts time in each part and gives the bytes it gives without one", async () => {
  await useBackend("wasm");
  const engine = engineNamed("native");
  await engine.activate();
  try {
    const shape = { inputDim: 784, hiddenDim: 64, latentDim: 5 };
    const models = buildKerasModels(initVaeParams(shape, 3), shape);
    const x = tf.randomUniform([40, 784], 0, 1, "float32", 4) as tf.Tensor2D;
    const [zMean, zLogVar] = models.encoder.predict(x) as tf.Tensor2D[];
    const meanDecode = models.decoder.predict(zMean!) as tf.Tensor2D;
    const inputs = { models, x, zMean: zMean!, zLogVar: zLogVar!, meanDecode, passes: 30, seed: 5, chunk: 1 };
    const plain = structuredClone(
      await nativePasses({ ...inputs, buffers: newChunkBuffers(x.size) }, engine.blasPath!),
    );
    const timer = new PassTimer();
    const timed = await nativePasses(
      { ...inputs, buffers: newChunkBuffers(x.size), timer },
      engine.blasPath!,
    );
    assert.deepEqual(timed, plain);
    for (
      const part of ["epsilon", "hiddenSgemm", "outputSgemm", "outputRowPass", "firstPassCheck"] as const
    ) {
      assert.ok(timer.ms[part] > 0, `${part}: ${timer.ms[part]} ms`);
    }
    tf.dispose([x, zMean!, zLogVar!, meanDecode]);
  } finally {
    await engineNamed("wasm").activate();
  }
});
