/**
 * One writer per artifact: a stage that computes artifact `kind`/`id` holds an exclusive lock
 * on `<root>/locks/<kind>-<id>.lock` while it does. A second process computing the same id on
 * the same root (two identical runs, two sweeps sharing a cell) waits for the first and then
 * finds the artifact up to date instead of computing it again. The lock is the kernel's
 * (flock): it goes when its process does, however that ends.
 */
import { join } from "node:path";
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
 * Takes the lock of artifact `kind`/`id` under `root`, waiting while another process holds
 * it; `onWait` is told once, with the lock's path, when it has to wait.
 */
export async function lockArtifact(
  root: string,
  kind: string,
  id: string,
  onWait: (path: string) => void = () => {},
): Promise<HeldLock> {
  const path = artifactLockPath(root, kind, id);
  await Deno.mkdir(join(root, "locks"), { recursive: true });
  await assertNoLinksBelow(root, path);
  const file = await Deno.open(path, { create: true, write: true });
  try {
    if (!await file.tryLock(true)) {
      onWait(path);
      await file.lock(true);
    }
  } catch (e) {
    file.close();
    throw e;
  }
  return { path, release: () => file.close() };
}
