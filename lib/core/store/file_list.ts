/**
 * The files of a directory with their sizes and SHA-256 (what a manifest lists), and their
 * verification: every listed file present with its recorded size and hash. Shared by
 * artifacts and training checkpoints.
 */
import { join, relative, resolve, sep } from "node:path";
import { sha256Hex } from "../runtime/hash.ts";
import type { VerifiedFiles } from "./verified_files.ts";

/** One file as a manifest records it. */
export interface ListedFile {
  /** Relative to the directory, with "/" separators. */
  path: string;
  bytes: number;
  sha256: string;
}

async function walk(dir: string, base: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) out.push(...await walk(path, base));
    else out.push(relative(base, path).split(sep).join("/"));
  }
  return out;
}

/** The paths of every file under `dir`, relative to it with "/" separators, sorted (links count as files). */
export async function listPaths(dir: string): Promise<string[]> {
  return (await walk(dir, dir)).sort();
}

/** Every file under `dir` except `exclude`, sorted by path, with size and SHA-256. */
export async function listFiles(dir: string, exclude: string[] = []): Promise<ListedFile[]> {
  const paths = (await listPaths(dir)).filter((path) => !exclude.includes(path));
  const files: ListedFile[] = [];
  for (const path of paths) {
    const bytes = await Deno.readFile(join(dir, path));
    files.push({ path, bytes: bytes.length, sha256: sha256Hex(bytes) });
  }
  return files;
}

/**
 * Checks that every file of `files` exists under `dir` with its recorded size and SHA-256,
 * as a regular file inside `dir` with one name (no link out, no second hard link);
 * `cache` skips re-hashing files unchanged since they were verified. Throws an Error naming
 * the file, what was found and what was recorded, followed by `advice`.
 */
export async function verifyFiles(
  dir: string,
  files: readonly ListedFile[],
  advice: string,
  cache?: VerifiedFiles,
): Promise<void> {
  const realDir = await Deno.realPath(dir);
  for (const file of files) {
    const path = resolve(dir, file.path);
    const shown = join(dir, file.path);
    const outside = new Error(`${shown}: not a file inside the artifact (${advice})`);
    const own = await Deno.lstat(path).catch(() => undefined);
    if (own === undefined) throw new Error(`${shown}: missing (${advice})`);
    // Checked before anything is read, with one message whether or not a link's target
    // exists: a link out of the artifact says nothing about what it points at.
    const real = await Deno.realPath(path).catch(() => undefined);
    if (real === undefined || relative(realDir, real).startsWith("..")) throw outside;
    const info = await Deno.stat(real).catch(() => undefined);
    if (info === undefined || !info.isFile) throw outside;
    // A hard link is a second name of the same bytes, possibly outside the root (where they
    // may change, or be someone's secret): treated as a link out, whatever the other name is.
    if ((info.nlink ?? 1) > 1) {
      throw new Error(
        `${shown}: has ${info.nlink} hard links; an artifact's files must have one (${advice})`,
      );
    }
    if (info.size !== file.bytes) {
      throw new Error(`${shown}: ${info.size} bytes, manifest says ${file.bytes} (${advice})`);
    }
    if (cache?.knownSha256(path, info) === file.sha256) continue;
    const sha = sha256Hex(await Deno.readFile(real));
    if (sha !== file.sha256) {
      throw new Error(`${shown}: SHA-256 ${sha}, manifest says ${file.sha256} (${advice})`);
    }
    cache?.remember(path, info, sha);
  }
}
