import assert from "node:assert/strict";
import { moduleDoc } from "../../lib/cli/usage.ts";
import { listDir, runProcess, tempDir } from "../_helpers.ts";

const COMMANDS = [
  "fetch_mnist",
  "train",
  "export",
  "evaluate",
  "all",
  "runs",
  "verify",
  "diff",
  "sweep",
  "compare",
  "view",
];

Deno.test("every command, as a process, prints its usage for --help (train also for -h), exits 0 and writes nothing", async () => {
  const root = await tempDir();
  const runs = await Promise.all([
    ...COMMANDS.map((file) =>
      runProcess(file, ["--artifacts", root, "--help"]).then((run) => ({ file, run }))
    ),
    runProcess("train", ["--artifacts", root, "-h"]).then((run) => ({ file: "train", run })),
  ]);
  for (const { file, run } of runs) {
    assert.equal(run.code, 0, `${file}: ${run.stderr}`);
    assert.equal(
      run.stdout.trim(),
      moduleDoc(new URL(`../../pipeline/${file}.ts`, import.meta.url).href),
      file,
    );
  }
  assert.match(runs.at(-1)!.run.stdout, /deno task train \[--epochs 50\]/);
  assert.deepEqual(await listDir(root), []);
});
