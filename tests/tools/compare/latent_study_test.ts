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

Deno.test("the study's findings read their directions and numbers from the data", () => {
  const rising = groupConfigurations([
    run(2, 1, 0.02, 2),
    run(2, 2, 0.02, 2),
    run(32, 1, 0.06, 18),
    run(32, 2, 0.06, 20),
  ]);
  const [rms, gap, , active] = findings(rising.configurations);
  assert.match(rms!, /rises with the latent size .*: 0\.0200 \(2\) → 0\.0600 \(32\)/);
  assert.match(gap!, /rises: 2\.00 nats \(2\) → 6\.00 nats \(32\)/);
  assert.match(
    active!,
    /2\.0 \(2\) → 19\.0 \(32\); the most, 19\.0, at latent 32/,
  );
  const falling = groupConfigurations([run(2, 1, 0.05, 2), run(8, 1, 0.03, 8)]);
  assert.match(findings(falling.configurations)[0]!, /falls with the latent size/);
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
