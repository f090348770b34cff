/**
 * Building the C kernels (lib/core/native/kernels.c, normal.c and train_step.c, declared in kernels.h) with Debian's gcc, and the cache
 * that keeps the built object: under $VAE_NATIVE_CACHE, else vae-native/ in the user's cache
 * directory. Beside each object lies its record, the object's SHA-256 and the inputs that made
 * it (source hash, flags, compiler, CPU target, C library, host). An object is used only when its
 * record names today's inputs and its bytes hash to the recorded SHA-256; anything else (a
 * truncated object, which the loader would map and die on with SIGBUS; a loadable object built
 * from other source; a missing or garbled record) is built again, never loaded.
 *
 * Names: `kernels-<inputs key>.json` is the record; the object it names is
 * `kernels-<inputs key>-<first 16 hex of its SHA-256>.so`. Both are written whole under a
 * temporary name and renamed into place (lib/core/store/atomic_write.ts), so processes and workers
 * that build at once each leave whole files, and any record names an object with its own bytes.
 */
import { join } from "node:path";
import { hostname } from "node:os";
import { fileURLToPath } from "node:url";
import { sha256Hex } from "../runtime/hash.ts";
import { temporaryPathBeside, writeFileAtomic } from "../store/atomic_write.ts";

/** The C sources, compiled into one object, and their header. */
const SOURCES = [
  new URL("./kernels.c", import.meta.url),
  new URL("./normal.c", import.meta.url),
  new URL("./train_step.c", import.meta.url),
];
const HEADER = new URL("./kernels.h", import.meta.url);
/**
 * IEEE float32 arithmetic as written (no contraction into FMA, no fast-math), vector code for this
 * CPU; no errno from math functions, so that sqrtf vectorises (lib/core/native/kernels.c).
 */
const FLAGS = ["-O3", "-march=native", "-ffp-contract=off", "-fno-math-errno", "-shared", "-fPIC"];
const LIBS = ["-lmvec", "-lm", "-lquadmath"];
/** The Debian packages the kernels are built with. */
export const KERNEL_PACKAGES = "gcc libc6-dev";
/** A record is a few hundred bytes: anything far larger is not one. */
const MAX_RECORD_BYTES = 64 * 1024;

/** What made an object: two objects with equal inputs compute the same bytes. */
export interface KernelInputs {
  /** SHA-256 of the SHA-256 of kernels.c, normal.c, train_step.c and kernels.h. */
  sourceSha256: string;
  compiler: string;
  flags: string;
  libs: string;
  /** What -march=native resolved to, e.g. "znver2". */
  target: string;
  /** The C library (its libmvec computes exp and log), e.g. "glibc 2.36". */
  libc: string;
  host: string;
}

/** A verified object of the cache, ready to load. */
export interface KernelObject {
  path: string;
  /** SHA-256 of the object's bytes, checked against the record before it is handed out. */
  sha256: string;
  inputs: KernelInputs;
}

async function output(command: string, args: string[]): Promise<{ ok: boolean; text: string }> {
  try {
    const out = await new Deno.Command(command, { args, stdout: "piped", stderr: "piped" }).output();
    const text = new TextDecoder().decode(out.success ? out.stdout : out.stderr).trim();
    return { ok: out.success, text };
  } catch (e) {
    return { ok: false, text: e instanceof Error ? e.message : String(e) };
  }
}

/** The error for a build that cannot happen: one line naming the reason, the packages and the way out. */
function buildError(reason: string): Error {
  return new Error(
    `--engine native: cannot build lib/core/native/kernels.c (${reason}); install Debian's ${KERNEL_PACKAGES} ` +
      `(apt-get install ${KERNEL_PACKAGES}) or use --engine wasm`,
  );
}

/** Where built kernels are kept: $VAE_NATIVE_CACHE, else vae-native/ in the user's cache directory. */
export function kernelCacheDir(): string {
  const base = Deno.env.get("XDG_CACHE_HOME") || join(Deno.env.get("HOME") ?? "/tmp", ".cache");
  return Deno.env.get("VAE_NATIVE_CACHE") || join(base, "vae-native");
}

/** Today's inputs: the source, flags, gcc's version, the CPU target it builds for, the C library, the host. */
export async function kernelInputs(): Promise<KernelInputs> {
  const version = await output("gcc", ["-dumpfullversion"]);
  if (!version.ok) throw buildError(`gcc: ${version.text.split("\n")[0]}`);
  const target =
    /-march=\s+(\S+)/.exec((await output("gcc", ["-march=native", "-Q", "--help=target"])).text)?.[1] ??
      "unknown";
  const libc = (await output("getconf", ["GNU_LIBC_VERSION"])).text || "unknown";
  const files = await Promise.all([...SOURCES, HEADER].map((url) => Deno.readFile(url)));
  return {
    sourceSha256: sha256Hex(files.map((bytes) => sha256Hex(bytes)).join("\n")),
    compiler: `gcc ${version.text}`,
    flags: FLAGS.join(" "),
    libs: LIBS.join(" "),
    target,
    libc,
    host: hostname(),
  };
}

/** The record's path for `inputs`. */
function recordPath(dir: string, inputs: KernelInputs): string {
  return join(dir, `kernels-${sha256Hex(JSON.stringify(inputs)).slice(0, 16)}.json`);
}

function objectPath(record: string, sha256: string): string {
  return record.replace(/\.json$/, `-${sha256.slice(0, 16)}.so`);
}

const sameInputs = (a: unknown, b: KernelInputs) =>
  typeof a === "object" && a !== null && Object.keys(b).length === Object.keys(a).length &&
  (Object.keys(b) as (keyof KernelInputs)[]).every((k) => (a as Record<string, unknown>)[k] === b[k]);

/** The object the record at `record` names, when the record is for `inputs` and the object's bytes match it. */
async function verified(record: string, inputs: KernelInputs): Promise<KernelObject | undefined> {
  let parsed: { sha256?: unknown; inputs?: unknown };
  try {
    if ((await Deno.stat(record)).size > MAX_RECORD_BYTES) return undefined;
    parsed = JSON.parse(await Deno.readTextFile(record));
  } catch {
    return undefined;
  }
  const sha256 = parsed?.sha256;
  if (typeof sha256 !== "string" || !/^[0-9a-f]{64}$/.test(sha256) || !sameInputs(parsed.inputs, inputs)) {
    return undefined;
  }
  const path = objectPath(record, sha256);
  // Read, never mapped, before it is hashed: a truncated file is just bytes with the wrong hash here.
  const bytes = await Deno.readFile(path).catch(() => undefined);
  if (bytes === undefined || sha256Hex(bytes) !== sha256) return undefined;
  return { path, sha256, inputs };
}

/** The error for a cache directory that cannot be written. */
function unwritable(dir: string, e: unknown): Error {
  const reason = (e instanceof Error ? e.message : String(e)).split("\n")[0];
  return new Error(
    `--engine native: cannot write the kernel cache ${dir} (${reason}); set $VAE_NATIVE_CACHE to a writable ` +
      "directory or use --engine wasm",
  );
}

/** Builds the object for `inputs` into the cache and writes its record; returns it. */
async function build(dir: string, record: string, inputs: KernelInputs): Promise<KernelObject> {
  try {
    await Deno.mkdir(dir, { recursive: true });
  } catch (e) {
    throw unwritable(dir, e);
  }
  const partial = temporaryPathBeside(join(dir, "kernels.so"));
  try {
    await Deno.writeFile(partial, new Uint8Array(), { createNew: true });
  } catch (e) {
    throw unwritable(dir, e);
  }
  let bytes: Uint8Array;
  try {
    const built = await output("gcc", [
      ...FLAGS,
      "-o",
      partial,
      ...SOURCES.map((url) => fileURLToPath(url)),
      ...LIBS,
    ]);
    if (!built.ok) {
      const lines = built.text.split("\n");
      throw buildError(`gcc: ${lines.find((l) => l.includes("error")) ?? lines[0]}`);
    }
    bytes = await Deno.readFile(partial);
  } finally {
    await Deno.remove(partial).catch(() => {});
  }
  const sha256 = sha256Hex(bytes);
  const path = objectPath(record, sha256);
  try {
    // The object first: a record never names an object that is not there whole.
    await writeFileAtomic(path, bytes);
    await writeFileAtomic(record, JSON.stringify({ sha256, inputs }, null, 1) + "\n");
  } catch (e) {
    throw unwritable(dir, e);
  }
  return { path, sha256, inputs };
}

/**
 * The verified object for today's inputs: the cached one when its record and bytes match,
 * else one built now (and cached). Throws one line naming the packages when gcc is missing or
 * fails, and one naming the directory and $VAE_NATIVE_CACHE when the cache cannot be written.
 */
export async function kernelObject(): Promise<KernelObject> {
  const inputs = await kernelInputs();
  const dir = kernelCacheDir();
  const record = recordPath(dir, inputs);
  return (await verified(record, inputs)) ?? await build(dir, record, inputs);
}
