/**
 * One run at a time per plan: a `deno task all` holds an exclusive lock on
 * `<root>/locks/<key>.lock`, the key a hash of every stage's params, while it runs. A second
 * run of the same plan on the same root (two sweeps sharing a cell) waits for the first and
 * then finds its artifacts up to date instead of computing them again. The lock is the
 * kernel's (flock): it goes when its process does, however that ends.
 */
import { join } from "node:path";
import { canonicalJson } from "./artifact_id.ts";
import { assertNoLinksBelow } from "./safe_paths.ts";
import { sha256Hex } from "../runtime/hash.ts";

/** A held lock; `release` gives it back (closing the file). */
export interface HeldLock {
  path: string;
  release(): void;
}

/** The lock file of the plan whose params are `params` under `root`. */
export function runLockPath(root: string, params: unknown): string {
  return join(root, "locks", `${sha256Hex(canonicalJson(params)).slice(0, 16)}.lock`);
}

/**
 * Takes the lock of `params` under `root`, waiting while another process holds it; `onWait`
 * is told once, with the lock's path, when it has to wait.
 */
export async function lockRun(
  root: string,
  params: unknown,
  onWait: (path: string) => void = () => {},
): Promise<HeldLock> {
  const path = runLockPath(root, params);
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
