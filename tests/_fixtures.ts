/**
 * Small artifact roots that many tests start from (an mnist artifact, a trained model, a whole
 * run, a finished 2 × 2 sweep): each built once per `deno test` process, shared by its test
 * modules under a file lock, and copied into a fresh root for every test that asks.
 */
import { join } from "node:path";
import { copyArtifacts, latest, tempDir } from "./_files.ts";
import { runStageOk } from "./_commands.ts";

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
