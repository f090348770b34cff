/**
 * Reading and walking the store without being led elsewhere: small files are read only when
 * they are regular files (not links, FIFOs or devices) of a bounded size, and no directory
 * between the artifact root and a path the store uses may be a link. (The root itself may be
 * one: `artifacts -> /data/artifacts` is a choice of the person who made it.)
 */
import { isAbsolute, join, relative, resolve, sep } from "node:path";

/** The most a manifest, run record, LATEST, cache or weights manifest may hold. */
export const SMALL_FILE_BYTES = 64 * 1024 * 1024;

/**
 * The text of the small file at `path`: a SyntaxError naming it when it is a link, a hard
 * link (a second name of bytes that may live outside the root), not a regular file, or
 * larger than `maxBytes`; NotFound when it is absent.
 */
export async function readSmallTextFile(path: string, maxBytes = SMALL_FILE_BYTES): Promise<string> {
  const info = await Deno.lstat(path);
  if (info.isSymlink || !info.isFile) throw new SyntaxError(`${path}: not a regular file`);
  if ((info.nlink ?? 1) > 1) {
    throw new SyntaxError(`${path}: has ${info.nlink} hard links; the store reads only files with one name`);
  }
  if (info.size > maxBytes) {
    throw new SyntaxError(`${path}: ${info.size} bytes, more than such a file may hold`);
  }
  return await Deno.readTextFile(path);
}

/**
 * Refuses `path` when it lies outside `root` or when a directory or file on the way from
 * `root` down to it (the root excluded) is a link. Parts that do not exist yet are fine: the
 * store creates them as real directories.
 */
export async function assertNoLinksBelow(root: string, path: string): Promise<void> {
  const rel = relative(resolve(root), resolve(path));
  if (rel.startsWith("..") || isAbsolute(rel)) throw new Error(`${path}: outside the artifact root ${root}`);
  let current = resolve(root);
  for (const part of rel.split(sep).filter(Boolean)) {
    current = join(current, part);
    const info = await Deno.lstat(current).catch(() => undefined);
    if (info === undefined) return;
    if (info.isSymlink) {
      throw new Error(
        `${current}: a link inside the artifact root; the store only uses real directories there`,
      );
    }
  }
}
