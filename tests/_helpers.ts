/** Shared test helpers: running a pipeline stage as a subprocess, temporary directories. */
import { join } from "node:path";
import { PROJECT_ROOT } from "../lib/store/source_fingerprint.ts";

/** Output of a stage run as a subprocess. */
export interface StageRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `pipeline/<stage>.ts` with `args` in a fresh Deno process, as `deno task` would. */
export async function runStage(stage: string, args: string[]): Promise<StageRun> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", join(PROJECT_ROOT, "pipeline", `${stage}.ts`), ...args],
    cwd: PROJECT_ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
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

/** The artifact ids of `kind` under `root` (directories only; LATEST and temporaries excluded). */
export async function artifactIds(root: string, kind: string): Promise<string[]> {
  return (await listDir(join(root, kind))).filter((name) => /^[0-9a-f]{16}$/.test(name));
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

/** A small mnist artifact (first `train` / `test` images) under `root`; returns its id. */
export async function smallMnist(root: string, train = 300, test = 100): Promise<string> {
  await runStageOk("fetch_mnist", [
    "--artifacts",
    root,
    "--limit-train",
    String(train),
    "--limit-test",
    String(test),
  ]);
  return (await Deno.readTextFile(join(root, "mnist", "LATEST"))).trim();
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

/** Flags for a whole pipeline run small enough for tests (300/60 images, a tiny model, 3 passes). */
export const SMALL_RUN = [
  ...["--limit-train", "300", "--limit-test", "60", "--epochs", "1"],
  ...["--hidden-dim", "32", "--latent-dim", "4", "--passes", "3"],
];

/** A root with a small trained model (latent 8, hidden 64, one epoch) on the first `train` / `test` images. */
export async function trainedRoot(train = 300, test = 100): Promise<string> {
  const root = await tempDir();
  await smallMnist(root, train, test);
  await runStageOk("train", [
    "--artifacts",
    root,
    "--epochs",
    "1",
    "--hidden-dim",
    "64",
    "--latent-dim",
    "8",
  ]);
  return root;
}
