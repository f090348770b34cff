/**
 * The fingerprint of a stage's code: every project file in its local module graph (as
 * `deno info --json` reports it) and deno.lock, each with its SHA-256. Editing any imported
 * file changes it; editing an unrelated file does not.
 */
import { relative, resolve } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { sha256Hex } from "./hash.ts";

/** Project-relative path → SHA-256 of the file, sorted by path. */
export type SourceFingerprint = Record<string, string>;

/** The project root: the directory that holds deno.json (one above lib/). */
export const PROJECT_ROOT = resolve(fromFileUrl(new URL("..", import.meta.url)));

interface DenoInfoModule {
  specifier: string;
}

/**
 * Fingerprints the local module graph of `entry` (a file URL or path) plus `root`/deno.lock:
 * the files under `root` (default: this project), keyed by their path relative to it.
 * Runs `deno info --json` with the running Deno binary.
 */
export async function sourceFingerprint(
  entry: string | URL,
  root: string = PROJECT_ROOT,
): Promise<SourceFingerprint> {
  const entryPath = entry instanceof URL || String(entry).startsWith("file:")
    ? fromFileUrl(entry)
    : resolve(String(entry));
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entryPath],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    throw new Error(
      `deno info ${entryPath} failed: ${new TextDecoder().decode(output.stderr).trim()}`,
    );
  }
  const info = JSON.parse(new TextDecoder().decode(output.stdout)) as { modules: DenoInfoModule[] };
  const paths = info.modules
    .map((module) => module.specifier)
    .filter((specifier) => specifier.startsWith("file:"))
    .map((specifier) => fromFileUrl(specifier))
    .filter((path) => !relative(root, path).startsWith(".."));
  const lock = resolve(root, "deno.lock");
  if (await Deno.stat(lock).then(() => true, () => false)) paths.push(lock);
  const fingerprint: SourceFingerprint = {};
  for (const path of [...new Set(paths)].sort()) {
    fingerprint[relative(root, path)] = sha256Hex(await Deno.readFile(path));
  }
  return fingerprint;
}
