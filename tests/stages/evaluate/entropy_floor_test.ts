// The data's BCE floor (Σ over pixels of the binary entropy of x) against values worked out by hand, and its place in the evaluation's metrics.
import assert from "node:assert/strict";
import { binaryEntropy, imageEntropyFloor } from "../../../lib/stages/evaluate/entropy_floor.ts";
import { EvaluationCollector } from "../../../lib/stages/evaluate/evaluate_metrics.ts";
import type { ChunkResult } from "../../../lib/stages/evaluate/stochastic_passes.ts";

const near = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual}, worked out by hand ${expected}`);

/** BCE(x, p) in nats, as the loss defines it. */
const bce = (x: number, p: number) => -x * Math.log(p) - (1 - x) * Math.log(1 - p);

Deno.test("binaryEntropy is ln 2 at 0.5, −¼·ln ¼ − ¾·ln ¾ at 0.25, and 0 for black and white pixels", () => {
  near(binaryEntropy(0.5), Math.LN2, "H(0.5)");
  near(binaryEntropy(0.25), 0.5623351446188083, "H(0.25)"); // 0.25·1.386294 + 0.75·0.287682
  near(binaryEntropy(0.75), binaryEntropy(0.25), "H is symmetric");
  assert.equal(binaryEntropy(0), 0);
  assert.equal(binaryEntropy(1), 0);
});

Deno.test("a gray pixel's BCE is never below its binary entropy and reaches it only at p = x", () => {
  for (const x of [0.1, 0.25, 0.5, 0.9]) {
    near(bce(x, x), binaryEntropy(x), `BCE(${x}, ${x})`);
    for (const p of [0.01, 0.2, 0.5, 0.8, 0.99].filter((p) => p !== x)) {
      assert.ok(bce(x, p) > binaryEntropy(x), `BCE(${x}, ${p}) = ${bce(x, p)} < H(${x})`);
    }
  }
});

Deno.test("imageEntropyFloor sums H over one image's pixels and counts its gray ones", () => {
  const pixels = Float32Array.of(0, 0.5, 1, 0.25, /* next image */ 0.5, 0.5, 0.5, 0.5);
  const first = imageEntropyFloor(pixels, 0, 4);
  near(first.nats, Math.LN2 + binaryEntropy(Math.fround(0.25)), "first image");
  assert.equal(first.grayPixels, 2);
  const second = imageEntropyFloor(pixels, 4, 4);
  near(second.nats, 4 * Math.LN2, "second image");
  assert.equal(second.grayPixels, 4);
});

Deno.test("EvaluationCollector reports the floor per image, the gray share and each reconstruction's excess over it", () => {
  const f32 = (values: number[]) => Float32Array.from(values);
  const chunk: ChunkResult = {
    meanDecode: f32([0.5, 0.5, 0.2, 0.8]),
    firstPass: f32([0.6, 0.4, 0.2, 0.9]),
    secondPass: f32([0.1, 0.1, 0.1, 0.1]),
    thirdPass: f32([0.3, 0.3, 0.3, 0.3]),
    passMean: f32([0.55, 0.5, 0.25, 0.8]),
    passVariance: f32([0.01, 0.04, 0, 0.09]),
    negElboRecon: f32([3, 5]),
    kl: f32([1, 2]),
    reconVarianceAcrossPasses: Float64Array.from([0.25, 1]),
    rmsVarianceAcrossPasses: Float64Array.from([0.0004, 0.0009]),
    meanDecodeBce: f32([2, 4]),
    importanceWeightedBound: Float64Array.from([3.5, 6]),
    zMean: f32([1, 0.3, 2, 0.3]),
    klPerDim: f32([0.5, 0.5, 1.5, 0.5]),
    epsilonZeroMaxAbs: 0,
    vaeVersusDecoderMaxAbs: 0,
  };
  const collector = new EvaluationCollector(2, 2, 1);
  // Image 1: one black, one gray (0.5); image 2: two gray pixels of 0.5.
  collector.add(chunk, f32([0, 0.5, 0.5, 0.5]));
  const { entropyFloor } = collector.metrics(3, 7, Uint8Array.from([1, 1]));
  const floor = (Math.LN2 + 2 * Math.LN2) / 2; // mean of ln 2 and 2·ln 2
  near(entropyFloor.nats, floor, "floor");
  near(entropyFloor.grayPixelFraction, 3 / 4, "gray share");
  near(entropyFloor.meanDecodeExcess, 3 - floor, "mean decode (BCE 2 and 4) over the floor");
  near(entropyFloor.sampledReconExcess, 4 - floor, "sampled recon (3 and 5) over the floor");
});
