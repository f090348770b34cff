// The latent-size study: findings() reads each trend's direction and numbers from the configurations, and writeLatentStudy() writes study.md with one row per latent size, table.csv and the plots.
import assert from "node:assert/strict";
import { join } from "node:path";
import { compareRuns } from "../../../lib/tools/compare/comparison.ts";
import { findings, writeLatentStudy } from "../../../lib/tools/compare/latent_study.ts";
import { groupConfigurations } from "../../../lib/tools/compare/configurations.ts";
import type { MeasuredRun } from "../../../lib/tools/compare/measured_run.ts";
import { sweptRoot } from "../../_fixtures.ts";

function run(latent: number, seed: number, rms: number, active: number): MeasuredRun {
  return {
    evaluateId: `${latent}-${seed}`,
    modelId: `${latent}-${seed}`,
    setting: { "latent-dim": latent, seed, epochs: 50 },
    metrics: {
      valLoss: 100,
      negElbo: 101,
      meanDecodeRecon: 70,
      reconGap: rms * 100,
      singlePassRms: rms,
      pixelVariance: rms * rms,
      iwBound: 97,
      activeUnits: active,
    },
  };
}

Deno.test("the study's findings state a direction only where Welch's test between the smallest and largest latent size supports it", () => {
  const rising = groupConfigurations([
    run(2, 1, 0.019, 2),
    run(2, 2, 0.020, 2),
    run(2, 3, 0.021, 2),
    run(32, 1, 0.059, 18),
    run(32, 2, 0.060, 20),
    run(32, 3, 0.061, 22),
  ]);
  const [rms, gap, , active] = findings(rising.configurations);
  assert.match(
    rms!,
    /rises from latent 2 to latent 32 \(Welch's test between the two sizes, p = [0-9.e-]+ Holm-corrected/,
  );
  // 0.02 ± t(0.975, 2)·0.001/√3 = 0.02 ± 0.0025
  assert.match(rms!, /0\.0200 \[0\.0175, 0\.0225\] \(2\) → 0\.0600 \[0\.0575, 0\.0625\] \(32\)/);
  assert.match(gap!, /rises from latent 2 to latent 32 .*: 2\.00 nats \[1\.75, 2\.25\] \(2\) → 6\.00 nats/);
  assert.match(
    active!,
    /2\.0 \[2\.0, 2\.0\] \(2\) → 20\.0 \[15\.0, 25\.0\] \(32\); the most, 20\.0, at latent 32/,
  );
});

Deno.test("the study's findings say a change within the seed spread is no clear change, and give no direction below 3 seeds", () => {
  const overlapping = groupConfigurations([
    run(2, 1, 0.03, 2),
    run(2, 2, 0.05, 2),
    run(2, 3, 0.07, 2),
    run(32, 1, 0.02, 8),
    run(32, 2, 0.05, 8),
    run(32, 3, 0.09, 8),
  ]);
  const [rms] = findings(overlapping.configurations);
  assert.match(
    rms!,
    /shows no clear change from latent 2 to latent 32: the difference is within the seed spread \(Welch's test/,
  );
  assert.doesNotMatch(rms!, /rises|falls/);
  const twoSeeds = groupConfigurations([
    run(2, 1, 0.05, 2),
    run(2, 2, 0.051, 2),
    run(8, 1, 0.03, 8),
    run(8, 2, 0.031, 8),
  ]);
  assert.match(
    findings(twoSeeds.configurations)[0]!,
    /no direction stated from latent 2 to latent 8: too few seeds to judge \(n = 2 and 2; 3 per side needed\)/,
  );
});

Deno.test("writeLatentStudy writes study.md with one table row per latent size, table.csv and the plots", async () => {
  const { root, sweepId } = await sweptRoot();
  const path = await writeLatentStudy(root, await compareRuns(root, [sweepId]));
  assert.equal(path, join(root, "studies", sweepId, "study.md"));
  const markdown = await Deno.readTextFile(path);
  assert.match(
    markdown,
    /^\| 2 \| 2 \| \d\.\d+ ± \d\.\d+ \[-?\d\.\d+, \d\.\d+\] \|/m,
    "mean ± std [95 % interval]",
  );
  assert.match(markdown, /^\| 4 \| 2 \| /m);
  assert.match(markdown, /--epochs 1/);
  for (const plot of ["singlePassRms", "reconGap", "pixelVariance", "activeUnits"]) {
    assert.ok(
      (await Deno.stat(join(root, "studies", sweepId, `${plot}_vs_latent-dim.png`))).size > 1000,
      plot,
    );
  }
});
