import assert from "node:assert/strict";
import { listDir, runStage, tempDir } from "../_helpers.ts";

const COMMANDS: [file: string, task: string][] = [
  ["fetch_mnist", "fetch-mnist"],
  ["train", "train"],
  ["export", "export"],
  ["evaluate", "evaluate"],
  ["all", "all"],
  ["runs", "runs"],
  ["verify", "verify"],
  ["diff", "diff"],
];

for (const [file, task] of COMMANDS) {
  Deno.test(`${task} --help prints its usage, exits 0 and writes nothing`, async () => {
    const root = await tempDir();
    const run = await runStage(file, ["--artifacts", root, "--help"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^  deno task ${task} `, "m"));
    assert.doesNotMatch(run.stdout, /\/\*\*|^\s*\* /m); // comment markers are stripped
    assert.deepEqual(await listDir(root), []);
  });
}

Deno.test("-h is --help", async () => {
  const run = await runStage("train", ["-h"]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /deno task train \[--epochs 50\]/);
});
