/**
 * Running a command in a test: in this process, as its process would (the same exit status
 * and one error line, its console output captured), or, where the process contract is the
 * subject, as a subprocess; and the assertion on a command's one-line error.
 */
import { join } from "node:path";
import { type Command, executeCommand } from "../lib/core/cli/main.ts";
import { stageCommand } from "../lib/core/cli/stage_command.ts";
import { PROJECT_ROOT } from "../lib/core/store/source_fingerprint.ts";

/** Output of a command run (in this process or as a subprocess). */
export interface StageRun {
  code: number;
  stdout: string;
  stderr: string;
  /** In this process: the error the command failed with, if any. */
  error?: unknown;
}

/**
 * Every command, by the name of its file in pipeline/ (which runs exactly this command).
 * Imported when first run, so that a test module that runs none does not load tfjs' wasm
 * backend (which, once registered, is tfjs' default and must be awaited).
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  all: async () => (await import("../lib/tools/all/all_command.ts")).allCommand,
  compare: async () => (await import("../lib/tools/compare/compare_command.ts")).compareCommand,
  diff: async () => (await import("../lib/tools/diff/diff_command.ts")).diffCommand,
  evaluate: async () =>
    stageCommand((await import("../lib/stages/evaluate/evaluate_stage.ts")).evaluateStage),
  export: async () => stageCommand((await import("../lib/stages/export/export_stage.ts")).exportStage),
  fetch_mnist: async () =>
    stageCommand((await import("../lib/stages/fetch_mnist/fetch_mnist_stage.ts")).fetchMnistStage),
  runs: async () => (await import("../lib/tools/runs/runs_command.ts")).runsCommand,
  sweep: async () => (await import("../lib/tools/sweep/sweep_command.ts")).sweepCommand,
  train: async () => stageCommand((await import("../lib/stages/train/train_stage.ts")).trainStage),
  verify: async () => (await import("../lib/tools/verify/verify_command.ts")).verifyCommand,
};

/**
 * Runs the command of `pipeline/<stage>.ts` with `args` in this process, through the same
 * executeCommand() as its process: the exit status it would exit with, and what it printed
 * (console output captured while it runs).
 */
export async function runStage(stage: string, args: string[]): Promise<StageRun> {
  const load = COMMANDS[stage];
  if (load === undefined) throw new Error(`no command ${stage}`);
  const command = await load();
  const out: string[] = [];
  const err: string[] = [];
  const show = (values: unknown[]) =>
    values.map((v) => typeof v === "string" ? v : Deno.inspect(v)).join(" ");
  const saved = { log: console.log, error: console.error, warn: console.warn };
  console.log = (...values: unknown[]) => out.push(show(values));
  console.error = console.warn = (...values: unknown[]) => err.push(show(values));
  try {
    let error: unknown;
    const code = await executeCommand(command, args, console.error, (e) => error = e);
    return {
      code,
      error,
      stdout: out.map((line) => `${line}\n`).join(""),
      stderr: err.map((line) => `${line}\n`).join(""),
    };
  } finally {
    Object.assign(console, saved);
  }
}

/**
 * Runs `pipeline/<stage>.ts` with `args` in a fresh Deno process, as `deno task` would, with
 * `env` added to this process's environment.
 */
export async function runProcess(
  stage: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<StageRun> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", join(PROJECT_ROOT, "pipeline", `${stage}.ts`), ...args],
    cwd: PROJECT_ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...env },
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/** Runs a stage and fails with its stderr unless it exits 0. */
export async function runStageOk(stage: string, args: string[]): Promise<StageRun> {
  const run = await runStage(stage, args);
  if (run.code !== 0) throw new Error(`${stage} ${args.join(" ")} exited ${run.code}: ${run.stderr}`);
  return run;
}

/** One line on stderr, starting "<stage>: error: " and matching `pattern`. */
export function assertOneLineError(run: StageRun, stage: string, pattern: RegExp): void {
  const lines = run.stderr.trim().split("\n");
  if (run.code === 0) throw new Error(`${stage} exited 0, expected a failure`);
  if (lines.length !== 1) throw new Error(`${stage} printed ${lines.length} lines on stderr:\n${run.stderr}`);
  if (!lines[0]!.startsWith(`${stage}: error: `) || !pattern.test(lines[0]!)) {
    throw new Error(`${stage} stderr ${JSON.stringify(lines[0])} does not match ${pattern}`);
  }
}
