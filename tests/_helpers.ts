/**
 * Shared test helpers: running a command in this process (as its process would, with the
 * same exit status and one error line) or, where the process contract is the subject, as a
 * subprocess; temporary directories; small artifacts.
 */
import { join } from "node:path";
import { type Command, executeCommand } from "../lib/core/cli/main.ts";
import { stageCommand } from "../lib/core/cli/stage_command.ts";
import { isArtifactId } from "../lib/core/store/ids.ts";
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

/** Lists the entries of `dir` (empty when it does not exist), sorted. */
export async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return names.sort();
}

/** Every path under `dir` (directories and files, relative, "/"-separated), sorted: a snapshot to compare. */
export async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    out.push(entry.name);
    if (entry.isDirectory) {
      out.push(...(await listTree(join(dir, entry.name))).map((n) => `${entry.name}/${n}`));
    }
  }
  return out.sort();
}

/** The artifact ids of `kind` under `root` (directories only; LATEST and temporaries excluded). */
export async function artifactIds(root: string, kind: string): Promise<string[]> {
  return (await listDir(join(root, kind))).filter(isArtifactId);
}

const scratchRoot = Deno.makeTempDirSync({ prefix: "vae-tests-" });
globalThis.addEventListener("unload", () => Deno.removeSync(scratchRoot, { recursive: true }));

/** A fresh temporary directory, removed with all others when the test process ends. */
export function tempDir(prefix = "t-"): Promise<string> {
  return Deno.makeTempDir({ dir: scratchRoot, prefix });
}

/** Runs a stage and fails with its stderr unless it exits 0. */
export async function runStageOk(stage: string, args: string[]): Promise<StageRun> {
  const run = await runStage(stage, args);
  if (run.code !== 0) throw new Error(`${stage} ${args.join(" ")} exited ${run.code}: ${run.stderr}`);
  return run;
}

/**
 * Fixture roots are shared by every test module of one `deno test` process (its modules run
 * as workers of that process, so they share its pid): the first module that needs one builds
 * it under an exclusive file lock, the others wait and reuse it. A later run removes the
 * fixtures of processes that are gone.
 */
const sharedFixtures = join(Deno.env.get("TMPDIR") ?? "/tmp", `vae-test-fixtures-${Deno.pid}`);

async function removeFixturesOfEndedRuns(): Promise<void> {
  const parent = join(sharedFixtures, "..");
  for await (const entry of Deno.readDir(parent)) {
    const pid = Number(/^vae-test-fixtures-(\d+)$/.exec(entry.name)?.[1]);
    if (pid && pid !== Deno.pid && !processIsAlive(pid)) {
      await Deno.remove(join(parent, entry.name), { recursive: true }).catch(() => {});
    }
  }
}

/** Fixture roots this module has already seen built. */
const fixtures = new Map<string, Promise<string>>();

/** The root that `build` fills, built once per test process and key (see {@link sharedFixtures}). */
function fixture(key: string, build: (root: string) => Promise<void>): Promise<string> {
  let root = fixtures.get(key);
  if (root === undefined) {
    root = (async () => {
      await Deno.mkdir(sharedFixtures, { recursive: true });
      const dir = join(sharedFixtures, key);
      const lock = await Deno.open(join(sharedFixtures, `${key}.lock`), { create: true, write: true });
      await lock.lock(true);
      try {
        if (!(await Deno.stat(join(dir, ".complete")).then(() => true, () => false))) {
          await removeFixturesOfEndedRuns();
          await Deno.remove(dir, { recursive: true }).catch(() => {});
          await Deno.mkdir(dir);
          await build(dir);
          await Deno.writeTextFile(join(dir, ".complete"), "");
        }
      } finally {
        await lock.unlock();
        lock.close();
      }
      return dir;
    })();
    fixtures.set(key, root);
  }
  return root;
}

/** Copies the artifacts of root `from` (with its run records when `runs`; never caches) into root `to`. */
export async function copyArtifacts(from: string, to: string, runs = false): Promise<void> {
  for await (const entry of Deno.readDir(from)) {
    if ((entry.name === "runs" && !runs) || entry.name.startsWith(".")) continue;
    await copyTree(join(from, entry.name), join(to, entry.name));
  }
}

async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.isDirectory) await copyTree(join(from, entry.name), join(to, entry.name));
    // An artifact id is a link to its version directory (lib/core/store/artifact_versions.ts): kept a link.
    else if (entry.isSymlink) {
      await Deno.symlink(await Deno.readLink(join(from, entry.name)), join(to, entry.name));
    } else await Deno.copyFile(join(from, entry.name), join(to, entry.name));
  }
}

/**
 * A small mnist artifact (first `train` / `test` images) under `root`; returns its id. Made
 * by fetch-mnist once per test process, then copied.
 */
export async function smallMnist(root: string, train = 300, test = 100): Promise<string> {
  const built = await fixture(`mnist-${train}-${test}`, async (dir) => {
    await runStageOk("fetch_mnist", [
      "--artifacts",
      dir,
      "--limit-train",
      String(train),
      "--limit-test",
      String(test),
    ]);
  });
  await copyArtifacts(built, root);
  return await latest(root, "mnist");
}

/** The latest artifact id of `kind` under `root`. */
export async function latest(root: string, kind: string): Promise<string> {
  return (await Deno.readTextFile(join(root, kind, "LATEST"))).trim();
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

/** Flags for a whole pipeline run small enough for tests (300/60 images, a tiny model, 3 passes, one thread). */
export const SMALL_RUN = [
  ...["--limit-train", "300", "--limit-test", "60", "--epochs", "1"],
  ...["--hidden-dim", "32", "--latent-dim", "4", "--passes", "3"],
  // One thread: a worker thread costs ~0.5 s of CPU to start, and its byte-identity is tested
  // where it is the subject (trainer, parallel passes, the pinned smoke bytes, resume).
  ...["--workers", "1"],
];

/** The train flags of {@link trainedRoot}'s model: one epoch, hidden 64, latent 8, one thread. */
export const TRAINED_FLAGS = ["--epochs", "1", "--hidden-dim", "64", "--latent-dim", "8", "--workers", "1"];

/**
 * A fresh root with a small trained model (latent 8, hidden 64, one epoch) on the first
 * `train` / `test` images: trained once per test process, then copied.
 */
export async function trainedRoot(train = 300, test = 100): Promise<string> {
  const built = await fixture(`trained-${train}-${test}`, async (dir) => {
    await smallMnist(dir, train, test);
    await runStageOk("train", ["--artifacts", dir, ...TRAINED_FLAGS]);
  });
  const root = await tempDir();
  await copyArtifacts(built, root);
  return root;
}

/**
 * A fresh root holding one whole small run (`all` with {@link SMALL_RUN}) and its run
 * record, and what that run printed: run once per test process, then copied.
 */
export async function smallRunRoot(): Promise<{ root: string; stdout: string }> {
  const built = await fixture("small-run", async (dir) => {
    const { stdout } = await runStageOk("all", ["--artifacts", dir, ...SMALL_RUN]);
    await Deno.writeTextFile(join(dir, ".stdout"), stdout);
  });
  const root = await tempDir();
  await copyArtifacts(built, root, true);
  return { root, stdout: await Deno.readTextFile(join(built, ".stdout")) };
}

/** The grid of {@link sweptRoot}'s sweep: 2 latent sizes × 2 training seeds of a small run. */
export const SMALL_GRID = [
  ...["--limit-train", "300", "--limit-test", "60", "--epochs", "1", "--hidden-dim", "32"],
  ...["--passes", "3", "--workers", "1", "--latent-dim", "2,4", "--seed", "1,2"],
];

/**
 * A fresh root holding a finished 2 × 2 sweep ({@link SMALL_GRID}) with its record, run
 * records and logs, and its sweep id: swept once per test process, then copied.
 */
export async function sweptRoot(): Promise<{ root: string; sweepId: string }> {
  const built = await fixture("swept-2x2", async (dir) => {
    await smallMnist(dir, 300, 60);
    const { stdout } = await runStageOk("sweep", ["--artifacts", dir, ...SMALL_GRID]);
    await Deno.writeTextFile(join(dir, ".sweep-id"), /^sweep ([0-9a-f]{16}):/m.exec(stdout)![1]!);
  });
  const root = await tempDir();
  await copyArtifacts(built, root, true);
  return { root, sweepId: await Deno.readTextFile(join(built, ".sweep-id")) };
}

/** Whether process `pid` runs on this machine (in this PID namespace). */
function processIsAlive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}
