// diff never takes a training-seed spread from the runs it compares, runs the sweep it suggests as printed, and takes a recorded σ of 0 as known.
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { PROJECT_ROOT } from "../../../lib/core/store/source_fingerprint.ts";
import { readSweepRecord } from "../../../lib/core/store/sweep_record.ts";
import { THREE_SEED_GRID, threeSeedSweep } from "../../_three_seed_sweep.ts";
import { runStage, runStageOk } from "../../_commands.ts";
import { sweptRoot } from "../../_fixtures.ts";
import { copyArtifacts, tempDir } from "../../_files.ts";

/** The run id of the cell of sweep `sweepId` with `latent` and `seed`. */
async function cellRun(root: string, sweepId: string, latent: number, seed: number): Promise<string> {
  const record = await readSweepRecord(root, sweepId);
  const cell = record.cells.find((c) =>
    String(c.setting["latent-dim"]) === String(latent) && String(c.setting.seed) === String(seed)
  );
  return cell!.runId!;
}

Deno.test("diff of a 2-seed sweep's two cells takes no spread from them, and the sweep it suggests, run as printed, lets the next diff judge", async () => {
  // On a root whose path holds a space and shell characters, which the command must quote.
  const shared = await sweptRoot();
  const root = join(await tempDir(), "a root with space, $HOME & it's");
  await copyArtifacts(shared.root, root, true);
  const sweepId = shared.sweepId;
  const [a, b] = [await cellRun(root, sweepId, 2, 1), await cellRun(root, sweepId, 2, 2)];
  const first = await runStage("diff", ["--artifacts", root, a, b, "--out", await tempDir()]);
  assert.equal(first.code, 1, first.stderr);
  assert.doesNotMatch(first.stdout, /within training-seed noise|beyond training-seed noise|\|Δ\| is 1 σ_Δ/);
  assert.match(
    first.stdout,
    /; of the 8 headline metrics, \d+ changed but (is|are) not judged \(training-seed spread unknown\)/,
  );
  assert.match(first.stdout, /of the seeds the sweeps ran, 2 are the runs compared, left out/);
  const commands = first.stdout.split("\n").filter((line) => line.startsWith("  deno task sweep "));
  assert.equal(commands.length, 1, first.stdout);
  const command = commands[0]!.trim();
  assert.match(command, /^deno task sweep --seed 1,2,3,4,5 (--[a-z-]+ \S+ )*--artifacts '.*'$/);
  const flags = command.match(/ --[a-z-]+/g)!;
  assert.equal(new Set(flags).size, flags.length, `no flag twice: ${command}`);
  // Run it as printed, by a shell, with this deno first on the PATH.
  const swept = await new Deno.Command("bash", {
    args: ["-c", command],
    cwd: PROJECT_ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", PATH: `${dirname(Deno.execPath())}:${Deno.env.get("PATH") ?? ""}` },
  }).output();
  const decoder = new TextDecoder();
  assert.equal(swept.code, 0, decoder.decode(swept.stderr));
  const again = await runStage("diff", ["--artifacts", root, a, b, "--out", await tempDir(), "--json"]);
  const { verdict } = JSON.parse(again.stdout);
  assert.deepEqual(verdict.spreads.a.seeds, [3, 4, 5]);
  assert.equal(verdict.spreads.a.leftOut, 2);
  assert.deepEqual(verdict.sweepCommands, []);
  assert.ok(
    verdict.headline.every((h: { verdict: string }) => !/unknown/.test(h.verdict)),
    JSON.stringify(verdict.headline),
  );
});

Deno.test("diff of two latent sizes judges active units against a recorded σ of 0 as known, and lists no per-dimension number", async () => {
  // Seeds 1–3 of the shared sweep, copied, and seed 4 swept on the copy: 3 seeds per latent
  // size besides the runs compared (seed 1 of each), the least diff judges a spread on.
  const shared = await threeSeedSweep();
  const root = await tempDir();
  await copyArtifacts(shared.root, root, true);
  const sweepId = shared.sweepId;
  const grid = THREE_SEED_GRID.map((arg) => arg === "1,2,3" ? "4" : arg);
  const { stdout } = await runStageOk("sweep", ["--artifacts", root, ...grid]);
  const seed4Sweep = /^sweep ([0-9a-f]{16}):/m.exec(stdout)![1]!;
  const [a, b] = [await cellRun(root, sweepId, 2, 1), await cellRun(root, sweepId, 4, 1)];
  const json = await runStage("diff", ["--artifacts", root, a, b, "--out", await tempDir(), "--json"]);
  const { verdict } = JSON.parse(json.stdout);
  assert.equal(verdict.spreads.a.std.activeUnits, 0, "every seed of latent 2 has the same active units");
  assert.equal(verdict.spreads.b.std.activeUnits, 0, "every seed of latent 4 has the same active units");
  assert.deepEqual(
    [verdict.spreads.a.seeds, verdict.spreads.b.seeds],
    [[2, 3, 4], [2, 3, 4]],
    "seed 1 of each left out",
  );
  const active = verdict.headline.find((h: { key: string }) => h.key === "activeUnits");
  assert.notEqual(active.a, active.b);
  assert.equal(active.verdict, "beyond training-seed noise");
  const text = await runStage("diff", ["--artifacts", root, a, b, "--out", await tempDir()]);
  assert.match(
    text.stdout,
    new RegExp(
      `^ {2}activeUnits went from ${active.a} to ${active.b} \\(Δ ${
        active.b - active.a
      }\\), beyond training-seed noise: every seed gave the same value on each side, σ 0 over 3 seeds \\(2, 3, 4\\) in sweeps (${sweepId}, ${seed4Sweep}|${seed4Sweep}, ${sweepId}), the runs compared left out\\.$`,
      "m",
    ),
  );
  assert.doesNotMatch(text.stdout, /spread unknown/);
  assert.doesNotMatch(text.stdout, /^ {4}(latent\.klPerDim|latent\.zMeanVariance|perClass)\.\d/m);
  assert.match(
    text.stdout,
    /per-dimension or per-digit number\(s\) only in B, not listed: A and B are not one model/,
  );
});
