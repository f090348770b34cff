// Every task refuses a flag given twice (`--seed=1,2 --seed 3`) in one line, before it reads or writes anything.
import assert from "node:assert/strict";
import { executeCommand } from "../../../lib/core/cli/main.ts";
import { viewCommand } from "../../../lib/tools/view/view_command.ts";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../../lib/core/store/source_fingerprint.ts";
import { assertOneLineError, runStage, type StageRun } from "../../_commands.ts";
import { listDir, tempDir } from "../../_files.ts";

/**
 * Per command (file in pipeline/), arguments with one flag given twice. Each also carries a
 * mistake that the command finds only after parsing its flags (a value out of range, an
 * unknown id), so that a parser that kept the last value fails differently, and fast.
 */
const REPEATED: Record<string, { args: string[]; flag: string }> = {
  all: { args: ["--seed=1,2", "--seed", "3", "--epochs", "0"], flag: "seed" },
  sweep: { args: ["--seed=1,2", "--seed", "3", "--jobs", "0"], flag: "seed" },
  train: { args: ["--epochs", "2", "--epochs=3", "--lr", "0"], flag: "epochs" },
  evaluate: { args: ["--passes", "2", "--passes", "3", "--images", "0"], flag: "passes" },
  export: { args: ["--from", "0123456789abcdef", "--from", "fedcba9876543210"], flag: "from" },
  fetch_mnist: {
    args: ["--limit-train", "5", "--limit-train", "6", "--source", "nowhere"],
    flag: "limit-train",
  },
  runs: { args: ["--artifacts", "x", "--artifacts=y"], flag: "artifacts" },
  verify: { args: ["train", "--from", "0123456789abcdef", "--from", "fedcba9876543210"], flag: "from" },
  diff: { args: ["0123456789abcdef", "fedcba9876543210", "--json", "--json"], flag: "json" },
  compare: { args: ["0123456789abcdef", "--out", "a", "--out", "b"], flag: "out" },
};

/** Runs pipeline/view.ts's command in this process (runStage does not know it: it serves until stopped). */
async function runView(args: string[]): Promise<StageRun> {
  const err: string[] = [];
  const code = await executeCommand(viewCommand, args, (line) => err.push(line));
  return { code, stdout: "", stderr: err.map((line) => `${line}\n`).join("") };
}

Deno.test("every command refuses a repeated flag in one line naming it, exits 2 and writes nothing", async () => {
  const root = await tempDir();
  for (const [file, { args, flag }] of Object.entries(REPEATED)) {
    const withRoot = args.includes("--artifacts") ? args : [...args, "--artifacts", root];
    const run = await runStage(file, withRoot);
    assert.equal(run.code, 2, `${file}: ${run.stderr}`);
    assertOneLineError(
      run,
      file.replace("_", "-"),
      new RegExp(`--${flag} given twice .*give each flag once`),
    );
  }
  const view = await runView(["--port", "1", "--port", "2", "--artifacts", "/nonexistent-root"]);
  assert.equal(view.code, 2, view.stderr);
  assertOneLineError(view, "view", /--port given twice \(--port "1" and --port "2"\)/);
  assert.deepEqual(await listDir(root), []);
});

Deno.test("a repeated flag's message quotes each value as given, --flag=value or --flag value", async () => {
  const run = await runStage("all", [
    "--seed=1,2",
    "--seed",
    "3",
    "--epochs",
    "0",
    "--artifacts",
    await tempDir(),
  ]);
  assertOneLineError(
    run,
    "all",
    /^all: error: --seed given twice \(--seed "1,2" and --seed "3"\); give each flag once$/,
  );
});

Deno.test("evaluate run alone refuses its seed given both as --seed and as --eval-seed", async () => {
  const root = await tempDir();
  const run = await runStage("evaluate", ["--seed", "1", "--eval-seed", "2", "--artifacts", root]);
  assert.equal(run.code, 2, run.stderr);
  assertOneLineError(run, "evaluate", /--seed and --eval-seed both set seed: give one of them/);
  assert.deepEqual(await listDir(root), []);
});

Deno.test("fetch-mnist still takes --mirror several times: a flag declared repeatable may repeat", async () => {
  const root = await tempDir();
  // Both mirrors unreachable on purpose (port 9, discard): the error is about fetching, not the flag.
  const run = await runStage("fetch_mnist", [
    ...["--source", "url", "--mirror", "http://127.0.0.1:9/a/", "--mirror", "http://127.0.0.1:9/b/"],
    ...["--limit-train", "5", "--limit-test", "5", "--artifacts", root],
  ]);
  assert.notEqual(run.code, 0);
  assert.doesNotMatch(run.stderr, /given twice/);
  // One failure per mirror: both were tried, the second --mirror was not dropped.
  assert.match(run.stderr, /no mirror served MNIST: [^;]+; [^;]+$/);
});

/** Per bench script (file in bench/, its task name), arguments with one flag given twice. */
const BENCH_REPEATED: Record<string, { task: string; args: string[]; flag: string }> = {
  "bench.ts": { task: "bench", args: ["--epochs", "1", "--epochs=2"], flag: "epochs" },
  "sweep_overhead.ts": { task: "bench:sweep", args: ["--repeat", "1", "--repeat", "2"], flag: "repeat" },
  "explorer.ts": { task: "bench:explorer", args: ["--starts=1", "--starts=2"], flag: "starts" },
  "maglev_check.ts": { task: "bench:maglev", args: ["--rounds", "1", "--rounds", "2"], flag: "rounds" },
  "train_step_parts.ts": { task: "train-step-parts", args: ["--steps", "1", "--steps", "2"], flag: "steps" },
};

Deno.test("every bench task refuses a repeated flag in one line naming it and exits 2, before any benchmark runs", async () => {
  for (const [file, { task, args, flag }] of Object.entries(BENCH_REPEATED)) {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", join(PROJECT_ROOT, "bench", file), ...args],
      cwd: PROJECT_ROOT,
      stdin: "null",
      env: { NO_COLOR: "1" },
    }).output();
    const run = {
      code: output.code,
      stdout: new TextDecoder().decode(output.stdout),
      stderr: new TextDecoder().decode(output.stderr),
    };
    assert.equal(run.code, 2, `${file}: ${run.stderr}`);
    assert.equal(run.stdout, "", `${file} printed before refusing: ${run.stdout}`);
    assertOneLineError(run, task, new RegExp(`--${flag} given twice .*give each flag once$`));
  }
});
