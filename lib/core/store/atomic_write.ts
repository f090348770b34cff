/**
 * Writing so that readers see a file or directory whole or not at all, also after a crash:
 * content goes to a temporary name beside the target, is fsynced, renamed into place, and
 * the directory holding it is fsynced. The one way the project writes files that others
 * read (artifacts, checkpoints, run records, LATEST, caches).
 */
import { basename, dirname, join } from "node:path";
import { removeStaleTemporariesIn, TMP_PREFIX, writerTag } from "./writer_tag.ts";

/** Flushes the file or directory at `path` to disk. */
export async function fsyncPath(path: string): Promise<void> {
  const file = await Deno.open(path, { read: true });
  try {
    await file.sync();
  } finally {
    file.close();
  }
}

/**
 * A temporary name beside `path`, unique to this process and call, that names its writer
 * (lib/core/store/writer_tag.ts), so that a crashed writer's leftover can be told and removed.
 */
export function temporaryPathBeside(path: string): string {
  const suffix = crypto.getRandomValues(new Uint8Array(4));
  const random = [...suffix].map((b) => b.toString(16).padStart(2, "0")).join("");
  return join(dirname(path), `${TMP_PREFIX}${writerTag()}-${random}-${basename(path)}`);
}

/**
 * Writes `data` to `path` atomically: a temporary file beside it, fsynced, renamed over
 * `path`, then the directory fsynced. Creates the directory when missing, and removes the
 * leftovers of writers that crashed there. On failure the temporary file is removed and
 * `path` is as it was.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { join } from "node:path";
 * import { writeFileAtomic } from "./atomic_write.ts";
 * const dir = await Deno.makeTempDir();
 * await writeFileAtomic(join(dir, "LATEST"), "c76e55fe640af640\n");
 * assert.equal(await Deno.readTextFile(join(dir, "LATEST")), "c76e55fe640af640\n");
 * assert.deepEqual((await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name), ["LATEST"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  await removeStaleTemporariesIn(dirname(path));
  const tmp = temporaryPathBeside(path);
  try {
    if (typeof data === "string") await Deno.writeTextFile(tmp, data);
    else await Deno.writeFile(tmp, data);
    await fsyncPath(tmp);
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
  await fsyncPath(dirname(path));
}

/**
 * Makes the finished directory `tmpDir` visible as `target` (which must not exist): fsyncs
 * every file in it and the directory itself, renames it, and fsyncs the parent.
 */
export async function publishDirectory(tmpDir: string, target: string): Promise<void> {
  await fsyncTree(tmpDir);
  await Deno.rename(tmpDir, target);
  await fsyncPath(dirname(target));
}

/** Fsyncs every file and directory under `dir`, and `dir`. */
export async function fsyncTree(dir: string): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) await fsyncTree(path);
    else if (entry.isFile) await fsyncPath(path);
  }
  await fsyncPath(dir);
}
