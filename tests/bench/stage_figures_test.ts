// The bench reads each stage's figures from the lines the stages print, and says which line it could not find.
import assert from "node:assert/strict";
import { epochSamplesPerSecond, evaluateFigures, sgemmFractions } from "../../bench/stage_figures.ts";

Deno.test("epochSamplesPerSecond() takes each epoch line's samples/s and ignores other lines", () => {
  const stdout = [
    "training on 60000 images",
    "epoch 1/2  loss 190.112  val_loss 165.001 (recon 140.1 + KL 24.9)  4.1 s  14634 samples/s  (+ 0.3 s validation)",
    "epoch 2/2  loss 160.000  val_loss 150.000 (recon 125.0 + KL 25.0)  3.9 s  15385 samples/s  (+ 0.3 s validation)",
    "model 0123: written",
  ].join("\n");
  assert.deepEqual(epochSamplesPerSecond(stdout, "train"), [14634, 15385]);
});

Deno.test("epochSamplesPerSecond() fails naming the stage when no epoch line was printed", () => {
  assert.throws(
    () => epochSamplesPerSecond("model 0123: identical\n", "train --engine native"),
    /^SyntaxError: train --engine native: printed no/,
  );
});

Deno.test("evaluateFigures() reads the evaluation's own seconds, threads and passes/s", () => {
  const line =
    "10000 images × 100 passes in 12.1 s on 2 thread(s) (82645 passes/s); single-pass RMS vs mean " +
    "decode 0.0612, mean pixel variance 3.1e-3; importance-weighted bound 98.1 nats, 25 of 32 latent dimensions active";
  assert.deepEqual(evaluateFigures(`evaluate: chunk 10/10\n${line}\n`, "evaluate"), {
    seconds: 12.1,
    threads: 2,
    passesPerSecond: 82645,
  });
  assert.throws(
    () => evaluateFigures("evaluate: done", "evaluate --engine wasm"),
    /evaluate --engine wasm: printed no/,
  );
});

Deno.test("sgemmFractions() takes the whole step's share of the sgemm rate per thread count", () => {
  const stdout = [
    "native: sgemm 1024³ on 1 OpenBLAS thread(s): 22.10 ms (median 22.50) = 97 GFLOPS",
    "native, step on 1 thread(s): the C step (loss, gradients, Adam in one call) 6.10 ms (median 6.20)",
    "native, step on 1 thread(s): whole trainer step 6.50 ms (median 6.70) = 19692 samples/s, 85 GFLOPS = 88% of " +
    "the sgemm rate on 1 thread(s) (97 GFLOPS)",
    "native, step on 2 thread(s): whole trainer step 4.40 ms (median 4.90) = 29091 samples/s, 125 GFLOPS = 71% of " +
    "the sgemm rate on 2 thread(s) (175 GFLOPS)",
  ].join("\n");
  assert.deepEqual(sgemmFractions(stdout, "parts"), [{ threads: 1, percent: 88 }, {
    threads: 2,
    percent: 71,
  }]);
  assert.throws(
    () => sgemmFractions("wasm: whole step, 2 thread(s): 25.7 ms", "parts"),
    /^SyntaxError: parts: printed no/,
  );
});
