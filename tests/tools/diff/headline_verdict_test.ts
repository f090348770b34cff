// headlineVerdicts(): σ_Δ adds the two sides' σs in quadrature, a change counts from |Δ| = 2 σ_Δ, trainings are never judged on evaluation-seed noise while one model evaluated twice is, a recorded σ of 0 is known, and a metric only one side has is left out.
import assert from "node:assert/strict";
import { differenceSigma, headlineVerdicts } from "../../../lib/tools/diff/headline_verdict.ts";
import type { TrainingSpread } from "../../../lib/tools/diff/training_spread.ts";
import { headlineLine } from "../../../lib/tools/diff/verdict_report.ts";

function spread(std: Record<string, number>, sweeps = ["00000000000000aa"]): TrainingSpread {
  return { n: 3, seeds: [1, 2, 3], sweeps, std, mean: {}, leftOut: 0 };
}

Deno.test("differenceSigma() adds two trainings' σs in quadrature and takes the one known σ for both sides", () => {
  assert.equal(differenceSigma(0.3, 0.4), 0.5);
  assert.equal(differenceSigma(0.3, undefined), 0.3 * Math.SQRT2);
  assert.equal(differenceSigma(NaN, 2), 2 * Math.SQRT2);
  assert.equal(differenceSigma(undefined, undefined), undefined);
});

Deno.test("headlineVerdicts() calls a change of two trainings beyond training-seed noise from |Δ| = 2 σ_Δ on", () => {
  // σ_Δ = √(0.3² + 0.4²) = 0.5 exactly, so Δ = 1 is exactly 2 σ_Δ.
  const [beyond] = headlineVerdicts({
    a: { negElbo: 100 },
    b: { negElbo: 101 },
    trainingsDiffer: true,
    spreadA: spread({ negElbo: 0.3 }),
    spreadB: spread({ negElbo: 0.4 }),
  });
  assert.equal(beyond!.noise!.sigma, 0.5);
  assert.equal(beyond!.verdict, "beyond training-seed noise");
  const [within] = headlineVerdicts({
    a: { negElbo: 100 },
    b: { negElbo: 100.99 },
    trainingsDiffer: true,
    spreadA: spread({ negElbo: 0.3 }),
    spreadB: spread({ negElbo: 0.4 }),
  });
  assert.equal(within!.verdict, "within training-seed noise");
  const [oneKnown] = headlineVerdicts({
    a: { negElbo: 100 },
    b: { negElbo: 100.5 },
    trainingsDiffer: true,
    spreadA: spread({ negElbo: 0.2 }),
  });
  assert.equal(oneKnown!.verdict, "within training-seed noise"); // 0.5 < 2 × 0.2·√2
  assert.deepEqual(oneKnown!.noise!.a, {
    sigma: 0.2,
    n: 3,
    seeds: [1, 2, 3],
    sweeps: ["00000000000000aa"],
    leftOut: 0,
  });
  assert.equal(oneKnown!.noise!.b, undefined);
});

Deno.test("headlineVerdicts() judges two configurations on √(σ_A² + σ_B²) of their own spreads", () => {
  const [v] = headlineVerdicts({
    a: { valLoss: 100 },
    b: { valLoss: 104.9 },
    trainingsDiffer: true,
    spreadA: spread({ valLoss: 1.5 }),
    spreadB: spread({ valLoss: 2 }, ["00000000000000bb"]),
  });
  assert.equal(v!.noise!.sigma, 2.5);
  assert.equal(v!.verdict, "within training-seed noise");
  assert.deepEqual(v!.noise!.b!.sweeps, ["00000000000000bb"]);
});

Deno.test("headlineVerdicts() never judges two trainings on the evaluation-seed noise", () => {
  const verdicts = headlineVerdicts({
    a: { negElbo: 100, activeUnits: 8 },
    b: { negElbo: 150, activeUnits: 8 },
    trainingsDiffer: true,
    evaluationNoise: { negElbo: 0.01 },
  });
  assert.deepEqual(verdicts.map((v) => [v.key, v.verdict, v.noise]), [
    ["negElbo", "training-seed spread unknown", undefined],
    ["activeUnits", "unchanged", undefined],
  ]);
});

Deno.test("headlineVerdicts() judges one model evaluated twice on the evaluation-seed noise, where recorded", () => {
  const verdicts = headlineVerdicts({
    a: { valLoss: 90, negElbo: 100, iwBound: 95 },
    b: { valLoss: 90, negElbo: 100.5, iwBound: 95.1 },
    trainingsDiffer: false,
    spreadA: spread({ negElbo: 10 }),
    evaluationNoise: { negElbo: 0.2 },
  });
  assert.deepEqual(verdicts.map((v) => [v.key, v.verdict]), [
    ["valLoss", "unchanged"],
    ["negElbo", "beyond evaluation-seed noise"],
    ["iwBound", "no noise estimate"],
  ]);
  assert.equal(verdicts[1]!.noise!.kind, "evaluation-seed");
});

Deno.test("headlineVerdicts() leaves out a metric only one side has", () => {
  const verdicts = headlineVerdicts({
    a: { valLoss: 1, negElbo: 2 },
    b: { valLoss: 1 },
    trainingsDiffer: true,
  });
  assert.deepEqual(verdicts.map((v) => v.key), ["valLoss"]);
});

Deno.test("headlineVerdicts() takes a recorded training-seed spread of 0 as known: any change is beyond it, none is unchanged", () => {
  const [negElbo, active] = headlineVerdicts({
    a: { activeUnits: 2, negElbo: 100 },
    b: { activeUnits: 8, negElbo: 100 },
    trainingsDiffer: true,
    spreadA: spread({ activeUnits: 0, negElbo: 0 }),
    spreadB: spread({ activeUnits: 0, negElbo: 0 }, ["00000000000000bb"]),
  });
  assert.equal(negElbo!.key, "negElbo");
  assert.equal(negElbo!.verdict, "unchanged");
  assert.equal(active!.key, "activeUnits");
  assert.equal(active!.verdict, "beyond training-seed noise");
  assert.equal(active!.noise!.sigma, 0);
  assert.equal(active!.noise!.ratio, Infinity);
});

Deno.test("headlineVerdicts() does not let one side's σ of 0 stand for the other side's unknown spread", () => {
  const [oneSide] = headlineVerdicts({
    a: { activeUnits: 2 },
    b: { activeUnits: 3 },
    trainingsDiffer: true,
    spreadB: spread({ activeUnits: 0 }),
  });
  assert.equal(oneSide!.verdict, "training-seed spread unknown");
  assert.equal(oneSide!.noise, undefined);
  assert.equal(
    headlineLine(oneSide!),
    "activeUnits went from 2 to 3 (Δ 1) and is not judged, since the training-seed spread is unknown.",
  );
});

Deno.test("headlineLine() says every seed gave the same value on each side only when both sides' σ is 0", () => {
  const [both] = headlineVerdicts({
    a: { activeUnits: 2 },
    b: { activeUnits: 8 },
    trainingsDiffer: true,
    spreadA: spread({ activeUnits: 0 }),
    spreadB: spread({ activeUnits: 0 }, ["00000000000000bb"]),
  });
  assert.equal(both!.verdict, "beyond training-seed noise");
  assert.match(
    headlineLine(both!),
    /^activeUnits went from 2 to 8 \(Δ 6\), beyond training-seed noise: every seed gave the same value on each side, σ_A 0 over 3 seeds \(1, 2, 3\) in sweep 00000000000000aa; σ_B 0 over 3 seeds \(1, 2, 3\) in sweep 00000000000000bb\.$/,
  );
});
