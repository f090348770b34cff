/**
 * One writer per artifact: a stage that computes artifact `kind`/`id` holds an exclusive lock
 * on `<root>/locks/<kind>-<id>.lock` while it does. A second process computing the same id on
 * the same root (two identical runs, two sweeps sharing a cell) waits for the first and then
 * finds the artifact up to date instead of computing it again. The lock is the kernel's
 * (flock): it goes when its process does, however that ends. A sweep holds one too, so that
 * the same sweep does not run twice at once on one root.
 */
import { dirname, join } from "node:path";
import { assertNoLinksBelow } from "./safe_paths.ts";

/** A held lock; `release` gives it back (closing the file). */
export interface HeldLock {
  path: string;
  release(): void;
}

/** The lock file of artifact `kind`/`id` under `root`. */
export function artifactLockPath(root: string, kind: string, id: string): string {
  return join(root, "locks", `${kind}-${id}.lock`);
}

/**
 * Opens the lock file `path` (under `root`, reached through no link) and locks it
 * exclusively: waiting while another process holds it when `wait` (telling `onWait` once),
 * or giving undefined at once when not.
 */
async function holdLock(
  root: string,
  path: string,
  wait: boolean,
  onWait: (path: string) => void = () => {},
): Promise<HeldLock | undefined> {
  await Deno.mkdir(dirname(path), { recursive: true });
  await assertNoLinksBelow(root, path);
  const file = await Deno.open(path, { create: true, write: true });
  try {
    if (!await file.tryLock(true)) {
      if (!wait) {
        file.close();
        return undefined;
      }
      onWait(path);
      await file.lock(true);
    }
  } catch (e) {
    file.close();
    throw new Error(
      `cannot lock ${path}: ${
        (e as Error).message.split("\n")[0]
      }; the artifact root needs a filesystem whose file locks work (see README)`,
    );
  }
  return { path, release: () => file.close() };
}

/**
 * Takes the lock of artifact `kind`/`id` under `root`, waiting while another process holds
 * it; `onWait` is told once, with the lock's path, when it has to wait.
 */
export async function lockArtifact(
  root: string,
  kind: string,
  id: string,
  onWait: (path: string) => void = () => {},
): Promise<HeldLock> {
  return (await holdLock(root, artifactLockPath(root, kind, id), true, onWait))!;
}

/** Takes the lock of sweep `id` under `root` if no other process holds it; undefined if one does. */
export function tryLockSweep(root: string, id: string): Promise<HeldLock | undefined> {
  return holdLock(root, join(root, "locks", `sweep-${id}.lock`), false);
}
