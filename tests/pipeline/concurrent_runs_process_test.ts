import assert from "node:assert/strict";
import { artifactIds, runProcess, smallMnist, tempDir } from "../_helpers.ts";

const RUN = [
  ...[
    "--limit-train",
    "300",
    "--limit-test",
    "60",
    "--epochs",
    "3",
    "--hidden-dim",
    "32",
    "--latent-dim",
    "4",
  ],
  ...["--passes", "3", "--workers", "1", "--seed", "5"],
];

Deno.test("three identical `all` runs started at once on one fresh root all succeed, and the model is trained once", async () => {
  const root = await tempDir();
  await smallMnist(root, 300, 60);
  const runs = await Promise.all([1, 2, 3].map(() => runProcess("all", ["--artifacts", root, ...RUN])));
  for (const run of runs) assert.equal(run.code, 0, run.stderr);
  const trained = runs.filter((run) => /^train: model [0-9a-f]{16} new /m.test(run.stdout));
  assert.equal(trained.length, 1, runs.map((r) => r.stdout).join("\n---\n"));
  assert.equal((await artifactIds(root, "model")).length, 1);
});
