import assert from "node:assert/strict";
import { moduleDoc } from "../../lib/cli/usage.ts";
import { listDir, runProcess, tempDir } from "../_helpers.ts";

Deno.test("--help and -h print the usage, exit 0 and write nothing (as a process)", async () => {
  const root = await tempDir();
  for (const flag of ["--help", "-h"]) {
    const run = await runProcess("train", ["--artifacts", root, flag]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), moduleDoc(new URL("../../pipeline/train.ts", import.meta.url).href));
    assert.match(run.stdout, /deno task train \[--epochs 50\]/);
  }
  assert.deepEqual(await listDir(root), []);
});
