/**
 * The fingerprint of a stage's code: every project file in its local module graph that it runs
 * (as `deno info --json` reports it, type-only imports left out), the graphs of the Web Worker modules those files start
 * (`new URL(<relative .ts path>, import.meta.url)`, which deno info does not follow), the
 * other project files they name that way (the native engine's kernels.c), and deno.lock,
 * each with its SHA-256. Editing any file the stage runs changes it; editing an unrelated
 * file does not.
 */
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { sha256Hex } from "../runtime/hash.ts";

/** Project-relative path → SHA-256 of the file, sorted by path. */
export type SourceFingerprint = Record<string, string>;

/** The project root: the directory that holds deno.json (three above lib/core/store/). */
export const PROJECT_ROOT = resolve(fromFileUrl(new URL("../../..", import.meta.url)));

/**
 * Paths of the files other than modules named as `new URL(<relative path>, import.meta.url)`
 * in `source` (the file at `from`), e.g. a C source the code compiles.
 */
export function fileUrlsIn(source: string, from: string): string[] {
  const pattern =
    /new URL\(\s*["'](\.{1,2}\/[^"']+\.(?!ts["'])[A-Za-z0-9]+)["']\s*,\s*import\.meta\.url\s*\)/g;
  return [...source.matchAll(pattern)].map((match) => resolve(dirname(from), match[1]!));
}

interface DenoInfoModule {
  specifier: string;
  /** What the module imports: `code` for an import that runs, `type` alone for `import type`. */
  dependencies?: { code?: { specifier: string } }[];
}

/**
 * Paths of the modules named as `new URL(<relative .ts path>, import.meta.url)` in `source`
 * (the file at `from`): worker entry points.
 */
export function moduleUrlsIn(source: string, from: string): string[] {
  const pattern = /new URL\(\s*["'](\.{1,2}\/[^"']+\.ts)["']\s*,\s*import\.meta\.url\s*\)/g;
  return [...source.matchAll(pattern)].map((match) => resolve(dirname(from), match[1]!));
}

/**
 * The project files `entryPath` runs: its local module graph (`deno info --json`) followed along
 * the imports that run, not those of types alone (`import type` is erased before anything runs,
 * so a module known only for its types cannot change what a stage computes).
 */
async function localGraph(entryPath: string, root: string): Promise<string[]> {
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
  const info = JSON.parse(new TextDecoder().decode(output.stdout)) as {
    roots: string[];
    modules: DenoInfoModule[];
  };
  const modules = new Map(info.modules.map((module) => [module.specifier, module]));
  const reached = new Set<string>();
  const next = [...info.roots];
  for (let specifier = next.pop(); specifier !== undefined; specifier = next.pop()) {
    if (reached.has(specifier)) continue;
    reached.add(specifier);
    for (const dependency of modules.get(specifier)?.dependencies ?? []) {
      if (dependency.code) next.push(dependency.code.specifier);
    }
  }
  return [...reached]
    .filter((specifier) => specifier.startsWith("file:") && modules.has(specifier))
    .map((specifier) => fromFileUrl(specifier))
    .filter((path) => !relative(root, path).startsWith(".."));
}

/**
 * Fingerprints the local module graph of `entry` (a file URL or path), of the worker
 * modules it starts, plus `root`/deno.lock: the files under `root` (default: this project),
 * keyed by their path relative to it. Runs `deno info --json` with the running Deno binary.
 */
export async function sourceFingerprint(
  entry: string | URL,
  root: string = PROJECT_ROOT,
): Promise<SourceFingerprint> {
  const entryPath = entry instanceof URL || String(entry).startsWith("file:")
    ? fromFileUrl(entry)
    : resolve(String(entry));
  const paths = new Set<string>();
  const entries = [entryPath];
  for (let next = entries.shift(); next !== undefined; next = entries.shift()) {
    for (const path of await localGraph(next, root)) {
      if (paths.has(path)) continue;
      paths.add(path);
      const source = await Deno.readTextFile(path);
      for (const worker of moduleUrlsIn(source, path)) {
        if (!paths.has(worker) && await Deno.stat(worker).then(() => true, () => false)) entries.push(worker);
      }
      // Other files the code reads by URL: hashed as they are (nothing to follow in them).
      for (const file of fileUrlsIn(source, path)) {
        if (await Deno.stat(file).then((s) => s.isFile, () => false)) paths.add(file);
      }
    }
  }
  const lock = resolve(root, "deno.lock");
  if (await Deno.stat(lock).then(() => true, () => false)) paths.add(lock);
  const fingerprint: SourceFingerprint = {};
  for (const path of [...paths].sort()) {
    fingerprint[relative(root, path)] = sha256Hex(await Deno.readFile(path));
  }
  return fingerprint;
}
