// Every command prints its usage for --help: what it does, then every flag it accepts with its default and range.
import assert from "node:assert/strict";
import { moduleDoc } from "../../../lib/core/cli/usage.ts";
import { listDir, tempDir } from "../../_files.ts";
import { runProcess } from "../../_commands.ts";

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
    const doc = moduleDoc(new URL(`../../../pipeline/${file}.ts`, import.meta.url).href);
    assert.ok(run.stdout.startsWith(`${doc}\n\nFlags:\n`), `${file}: ${run.stdout}`);
    // Every command takes --artifacts, and --help says its default.
    assert.match(run.stdout, /^ {4}--artifacts DIR {2}artifact root \(default artifacts\)$/m, file);
  }
  assert.match(runs.at(-1)!.run.stdout, /deno task train \[--epochs 50\]/);
  assert.match(runs.at(-1)!.run.stdout, /^ {4}--epochs N {2}.*\(default 50; an integer in 1\.\.100000\)$/m);
  assert.deepEqual(await listDir(root), []);
});

Deno.test("all --help lists every stage's flags with their defaults and ranges, grouped by stage", async () => {
  const run = await runProcess("all", ["--help"]);
  assert.equal(run.code, 0, run.stderr);
  const flags = run.stdout.slice(run.stdout.indexOf("\nFlags:\n"));
  const headings = [...flags.matchAll(/^ {2}(\S[^:]*):$/gm)].map((m) => m[1]);
  assert.deepEqual(headings, ["all", "fetch-mnist", "train", "export", "evaluate"]);
  assert.match(flags, /^ {4}--profile default\|smoke {2}.*\(default default\)$/m);
  assert.match(flags, /^ {4}--limit-train N {2}.*\(default 60000; an integer in 1\.\.60000\)$/m);
  assert.match(flags, /^ {4}--passes N {2}.*\(default 100; an integer in 2\.\.100000\)$/m);
  assert.match(flags, /^ {4}--engine wasm\|native {2}.*\(default wasm\)$/m);
});
