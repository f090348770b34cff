/**
 * Files in tests: temporary directories (removed when the test process ends), directory
 * listings, an artifact root's ids and LATEST, and copying one root's artifacts into another.
 */
import { join } from "node:path";
import { isArtifactId } from "../lib/core/store/ids.ts";

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

/** The latest artifact id of `kind` under `root`. */
export async function latest(root: string, kind: string): Promise<string> {
  return (await Deno.readTextFile(join(root, kind, "LATEST"))).trim();
}
