// An evaluation is a quick look exactly when its run had fewer epochs, images or passes than the full recipe, and its answer says so.
import assert from "node:assert/strict";
import { FULL_RUN, quickLookNote, shortenedBy } from "../../../lib/stages/evaluate/quick_look.ts";
import { answerLines } from "../../../lib/stages/evaluate/evaluate_answer.ts";
import { EVALUATE_PARAMS } from "../../../lib/stages/evaluate/evaluate_params.ts";
import { FETCH_MNIST_PARAMS } from "../../../lib/stages/fetch_mnist/fetch_mnist_params.ts";
import { TRAIN_PARAMS } from "../../../lib/stages/train/train_params.ts";
import { ALL_PROFILES } from "../../../lib/tools/all/all_plan.ts";

Deno.test("the full recipe is what the stages do by default", () => {
  assert.deepEqual(FULL_RUN, {
    epochs: TRAIN_PARAMS.epochs.default,
    trainImages: FETCH_MNIST_PARAMS.limitTrain.default,
    testImages: Math.min(EVALUATE_PARAMS.images.default, FETCH_MNIST_PARAMS.limitTest.default),
    passes: EVALUATE_PARAMS.passes.default,
  });
});

Deno.test("shortenedBy() names everything the smoke profile has less of, and nothing for the full recipe or more", () => {
  const smoke = ALL_PROFILES.smoke!;
  assert.deepEqual(
    shortenedBy({
      epochs: Number(smoke.epochs),
      trainImages: Number(smoke["limit-train"]),
      testImages: Number(smoke["limit-test"]),
      passes: Number(smoke.passes),
    }),
    ["3 of 50 epochs", "10,000 of 60,000 training images", "1,000 of 10,000 test images", "20 of 100 passes"],
  );
  assert.deepEqual(shortenedBy(FULL_RUN), []);
  assert.deepEqual(shortenedBy({ ...FULL_RUN, epochs: 100, passes: 1000 }), []);
  assert.deepEqual(shortenedBy({ ...FULL_RUN, testImages: 9999 }), ["9,999 of 10,000 test images"]);
});

Deno.test("quickLookNote() says a shortened run is not the reproduction, and is absent for a full one", () => {
  assert.equal(quickLookNote([]), undefined);
  const note = quickLookNote(["3 of 50 epochs"])!;
  assert.match(note, /^\*\*A quick look, not the reproduction\.\*\*/);
  assert.match(note, /\(3 of 50 epochs\); its numbers are not the reproduction's/);
});

const METRICS = {
  singlePassRms: { mean: 0.06036, p50: 0, p90: 0, p99: 0, max: 0 },
  reconGap: 9.044,
  epsilonZeroMaxAbs: 0,
  latent: { dims: 32, activeUnits: 25, activeThreshold: 0.01, klPerDim: [], zMeanVariance: [] },
  images: 10000,
  passes: 100,
};

Deno.test("answerLines() gives six lines: RMS, gap, active dimensions, ε = 0, both report paths, the view command", () => {
  const lines = answerLines(METRICS, "/data/evaluate/0123456789abcdef", "/data", []);
  assert.deepEqual(lines, [
    "answer: one vae(x) pass differs from decoder(z_mean) by an RMS of 0.0604 per pixel",
    "gap: a sampled reconstruction costs 9.04 nats more than the mean decode's",
    "active: 25 of 32 latent dimensions; the others stay near the prior and move the image little",
    "ε = 0: vae(x, ε = 0) equals decoder(z_mean) exactly (max |Δ| = 0)",
    "report: /data/evaluate/0123456789abcdef/report.md and /data/evaluate/0123456789abcdef/report.html",
    "view: deno task view --artifacts /data",
  ]);
});

Deno.test("answerLines() marks a quick look on its first line and stays at six lines", () => {
  const lines = answerLines(METRICS, "artifacts/evaluate/0123456789abcdef", "artifacts", ["3 of 50 epochs"]);
  assert.equal(lines.length, 6);
  assert.match(lines[0]!, /\(a quick look: 3 of 50 epochs; not the reproduction's numbers\)$/);
  assert.equal(lines[5], "view: deno task view");
});

Deno.test("answerLines() says every dimension moves the image when all are active", () => {
  const all = { ...METRICS, latent: { ...METRICS.latent, activeUnits: 32 } };
  assert.equal(
    answerLines(all, "d", "artifacts", [])[2],
    "active: 32 of 32 latent dimensions, every one moves the image",
  );
});
