// Three identical `all` or `train` processes started at once on one root all succeed with one verified model, trained once: a second writer of an id waits for the first.
import assert from "node:assert/strict";
import { join } from "node:path";
import { readArtifact } from "../../lib/core/store/artifact_read.ts";
import { artifactIds, tempDir } from "../_files.ts";
import { runProcess } from "../_commands.ts";
import { smallMnist } from "../_fixtures.ts";

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

Deno.test("three identical `train` runs at once on one root all succeed with one verified model, trained once: the second writer of an id waits for the first", async () => {
  const root = await tempDir();
  await smallMnist(root, 300, 60);
  const args = [
    "--artifacts",
    root,
    "--epochs",
    "3",
    "--hidden-dim",
    "32",
    "--latent-dim",
    "4",
    "--workers",
    "1",
  ];
  const runs = await Promise.all([1, 2, 3].map(() => runProcess("train", args)));
  for (const run of runs) assert.equal(run.code, 0, run.stderr);
  const ids = await artifactIds(root, "model");
  assert.equal(ids.length, 1);
  await readArtifact(join(root, "model", ids[0]!), { root });
  assert.equal(runs.filter((run) => /: written \(/.test(run.stdout)).length, 1);
  assert.equal(runs.filter((run) => /: up to date \(/.test(run.stdout)).length, 2);
});
