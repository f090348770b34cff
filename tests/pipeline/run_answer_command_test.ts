// `deno task all --profile smoke` (and evaluate alone) end with the answer and the report's paths, and the smoke report says it is a quick look.
import assert from "node:assert/strict";
import { join } from "node:path";
import { latest, tempDir } from "../_files.ts";
import { runStageOk } from "../_commands.ts";

/** The last `n` non-empty lines of `stdout`. */
function lastLines(stdout: string, n: number): string[] {
  return stdout.trimEnd().split("\n").slice(-n);
}

/** Checks `lines` are the answer for the evaluation in `dir` under `root`, marked as a smoke-size quick look. */
function assertSmokeAnswer(lines: string[], dir: string, root: string): void {
  assert.equal(lines.length, 6);
  assert.match(
    lines[0]!,
    /^answer: one vae\(x\) pass differs from decoder\(z_mean\) by an RMS of 0\.\d{4} per pixel \(a quick look: 3 of 50 epochs, 10,000 of 60,000 training images, 1,000 of 10,000 test images, \d+ of 100 passes; not the reproduction's numbers\)$/,
  );
  assert.match(lines[1]!, /^gap: a sampled reconstruction costs \d+\.\d\d nats more than the mean decode's$/);
  assert.match(
    lines[2]!,
    /^active: (\d+ of 32 latent dimensions; the others stay near the prior and move the image little|32 of 32 latent dimensions, every one moves the image)$/,
  );
  assert.equal(lines[3], "ε = 0: vae(x, ε = 0) equals decoder(z_mean) exactly (max |Δ| = 0)");
  assert.equal(lines[4], `report: ${join(dir, "report.md")} and ${join(dir, "report.html")}`);
  assert.equal(lines[5], `view: deno task view --artifacts ${root}`);
}

Deno.test("all --profile smoke ends with six answer lines, the two report paths, and a report that says it is a quick look", async () => {
  const root = await tempDir();
  const run = await runStageOk("all", ["--profile", "smoke", "--artifacts", root]);
  const dir = join(root, "evaluate", await latest(root, "evaluate"));
  const answer = lastLines(run.stdout, 6);
  assertSmokeAnswer(answer, dir, root);
  // The line before the answer is blank, after the run record: the answer stands apart.
  assert.match(run.stdout, /run recorded: .*\n\nanswer: /);
  const metrics = JSON.parse(await Deno.readTextFile(join(dir, "metrics.json")));
  assert.ok(answer[0]!.includes(`RMS of ${metrics.singlePassRms.mean.toFixed(4)} per pixel`));
  assert.ok(answer[2]!.startsWith(`active: ${metrics.latent.activeUnits} of 32`));

  // report.md says so at the top, right under its title; report.html (and thereby the viewer's page) too.
  const report = await Deno.readTextFile(join(dir, "report.md"));
  const [title, blank, note] = report.split("\n");
  assert.match(title!, /^# Why do/);
  assert.equal(blank, "");
  assert.match(
    note!,
    /^> \*\*A quick look, not the reproduction\.\*\* This evaluation comes from a shortened run \(3 of 50 epochs, 10,000 of 60,000 training images, 1,000 of 10,000 test images, 20 of 100 passes\)/,
  );
  const html = await Deno.readTextFile(join(dir, "report.html"));
  assert.match(html, /<blockquote>\s*<p><strong>A quick look, not the reproduction\.<\/strong>/);
  assert.ok(
    html.indexOf("A quick look, not the reproduction") < html.indexOf("Short answer"),
    "the quick-look note comes before the short answer",
  );

  // Evaluate run alone ends the same way (here reusing the smoke evaluation's export, 40 passes).
  const alone = await runStageOk("evaluate", ["--artifacts", root, "--passes", "40"]);
  const aloneDir = join(root, "evaluate", await latest(root, "evaluate"));
  assert.notEqual(aloneDir, dir);
  const aloneAnswer = lastLines(alone.stdout, 6);
  assertSmokeAnswer(aloneAnswer, aloneDir, root);
  assert.match(aloneAnswer[0]!, /40 of 100 passes/);
});
