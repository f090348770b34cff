/**
 * The native engine's element-wise kernels (lib/native/kernels.c): compiled once per machine
 * with Debian's gcc into a cache, loaded through Deno FFI, and run on the tensors' bytes in the
 * wasm heap. Each kernel returns new tensors (its inputs are left as they are).
 */
import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { sha256Hex } from "../runtime/hash.ts";
import { assertLiveViews, heapFloats, newHeapTensor, onHeap, wasmBackend } from "./wasm_heap.ts";

const SOURCE = new URL("./kernels.c", import.meta.url);
/**
 * IEEE float32 arithmetic as written (no contraction into FMA, no fast-math), vector code for this
 * CPU; no errno from math functions, so that sqrtf vectorises (lib/native/kernels.c).
 */
const FLAGS = ["-O3", "-march=native", "-ffp-contract=off", "-fno-math-errno", "-shared", "-fPIC"];
const LIBS = ["-lmvec", "-lm"];
/** The Debian packages the kernels are built with. */
export const KERNEL_PACKAGES = "gcc libc6-dev";

const SYMBOLS = {
  adam_f32: {
    parameters: [
      "i64",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "f32",
      "f32",
      "f32",
      "f32",
      "f32",
      "f32",
    ],
    result: "void",
  },
  clipped_bce_rows: {
    parameters: ["i64", "i64", "buffer", "buffer", "f32", "buffer", "buffer"],
    result: "void",
  },
  bias_relu_f32: { parameters: ["i64", "i64", "buffer", "buffer", "i32"], result: "void" },
  sigmoid_f32: { parameters: ["i64", "buffer", "buffer"], result: "void" },
  sample_f32: { parameters: ["i64", "buffer", "buffer", "buffer", "buffer"], result: "void" },
  output_pass_rows: {
    parameters: [
      "i64",
      "i64",
      "buffer",
      "buffer",
      "buffer",
      "f32",
      "f32",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
    ],
    result: "void",
  },
} as const satisfies Deno.ForeignLibraryInterface;

/** What a manifest records about the kernels. */
export interface KernelsInfo {
  compiler: string;
  flags: string;
  /** What -march=native resolved to, e.g. "znver2". */
  target: string;
  /** The C library (its libmvec computes exp and log), e.g. "glibc 2.36". */
  libc: string;
}

let loaded: { lib: Deno.DynamicLibrary<typeof SYMBOLS>; info: KernelsInfo } | undefined;

async function output(command: string, args: string[]): Promise<{ ok: boolean; text: string }> {
  try {
    const out = await new Deno.Command(command, { args, stdout: "piped", stderr: "piped" }).output();
    const text = new TextDecoder().decode(out.success ? out.stdout : out.stderr).trim();
    return { ok: out.success, text };
  } catch (e) {
    return { ok: false, text: e instanceof Error ? e.message : String(e) };
  }
}

/** Where built kernels are kept: $VAE_NATIVE_CACHE, else vae-native/ in the user's cache directory. */
function cacheDir(): string {
  const base = Deno.env.get("XDG_CACHE_HOME") || join(Deno.env.get("HOME") ?? "/tmp", ".cache");
  return Deno.env.get("VAE_NATIVE_CACHE") || join(base, "vae-native");
}

/** Builds `object` from the source (under a unique name, then renamed: writers at once all end with a whole file). */
async function build(object: string, fail: (reason: string) => Error): Promise<void> {
  await Deno.mkdir(cacheDir(), { recursive: true }).catch((e) => {
    throw fail(`cannot create ${cacheDir()}: ${e instanceof Error ? e.message : e}`);
  });
  const partial = await Deno.makeTempFile({ dir: cacheDir(), prefix: "kernels-", suffix: ".tmp" });
  const built = await output("gcc", [...FLAGS, "-o", partial, fromFileUrl(SOURCE), ...LIBS]);
  if (!built.ok) {
    await Deno.remove(partial).catch(() => {});
    const lines = built.text.split("\n");
    throw fail(`gcc: ${lines.find((l) => l.includes("error")) ?? lines[0]}`);
  }
  await Deno.rename(partial, object);
}

/**
 * Compiles (once per source, flags, compiler, CPU target, C library and host: the object is
 * kept in ~/.cache/vae-native) and loads the kernels. Throws one line naming the file, the
 * reason and the packages to install when gcc is missing or fails; a cached object that no
 * longer loads is built again once.
 */
export async function loadKernels(): Promise<KernelsInfo> {
  if (loaded) return loaded.info;
  const fail = (reason: string) =>
    new Error(
      `--engine native: cannot build lib/native/kernels.c (${reason}); install Debian's ${KERNEL_PACKAGES} ` +
        `(apt-get install ${KERNEL_PACKAGES}) or use --engine wasm`,
    );
  const version = await output("gcc", ["-dumpfullversion"]);
  if (!version.ok) throw fail(`gcc: ${version.text.split("\n")[0]}`);
  // What -march=native resolves to here, and the C library whose libmvec gives exp and log.
  const target =
    /-march=\s+(\S+)/.exec((await output("gcc", ["-march=native", "-Q", "--help=target"])).text)?.[1] ??
      "unknown";
  const libc = (await output("getconf", ["GNU_LIBC_VERSION"])).text || "unknown";
  const source = await Deno.readFile(SOURCE);
  const info: KernelsInfo = { compiler: `gcc ${version.text}`, flags: FLAGS.join(" "), target, libc };
  const key = sha256Hex(
    [sha256Hex(source), FLAGS.join(" "), LIBS.join(" "), version.text, target, libc, Deno.hostname()].join(
      "\n",
    ),
  ).slice(0, 16);
  const object = join(cacheDir(), `kernels-${key}.so`);
  if (!(await Deno.stat(object).then(() => true, () => false))) await build(object, fail);
  let lib: Deno.DynamicLibrary<typeof SYMBOLS>;
  try {
    lib = Deno.dlopen(object, SYMBOLS);
  } catch {
    // A damaged or foreign cached object: built again, once.
    await Deno.remove(object).catch(() => {});
    await build(object, fail);
    try {
      lib = Deno.dlopen(object, SYMBOLS);
    } catch (e) {
      throw fail(`cannot load ${object}: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}`);
    }
  }
  loaded = { lib, info };
  return info;
}

function kernels(): Deno.DynamicLibrary<typeof SYMBOLS>["symbols"] {
  if (!loaded) throw new Error("native kernels: loadKernels() first (useEngine('native') does)");
  return loaded.lib.symbols;
}

/** The constants of one Adam update: β1, 1 − β1, β2, 1 − β2, ε and the step size lr_t. */
export interface AdamConstants {
  b1: number;
  c1: number;
  b2: number;
  c2: number;
  eps: number;
  size: number;
}

/**
 * One Adam update of one parameter (Keras' form, the float32 operations of
 * lib/train/adam_keras.ts in its order): new p, m, v from p, g, m, v and the step's constants.
 */
export function adamKernel(
  p: tf.Tensor,
  g: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  c: AdamConstants,
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const backend = wasmBackend();
  const n = p.size;
  onHeap(backend, p, g, m, v);
  const outs = [
    newHeapTensor(backend, p.shape),
    newHeapTensor(backend, p.shape),
    newHeapTensor(backend, p.shape),
  ];
  // Views only after the last allocation.
  const views = [p, g, m, v, ...outs].map((t) => heapFloats(backend, t, n));
  assertLiveViews(backend, ...views);
  const [pv, gv, mv, vv, p1, m1, v1] = views as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  kernels().adam_f32(BigInt(n), pv, gv, mv, vv, p1, m1, v1, c.b1, c.c1, c.b2, c.c2, c.eps, c.size);
  return outs as [tf.Tensor, tf.Tensor, tf.Tensor];
}

/** Per row of x and p ([rows, cols]): Σ clipped BCE(x, p), as lib/model/elbo_loss.ts clippedBce defines it. */
export function clippedBceKernel(x: tf.Tensor2D, p: tf.Tensor, clip: number): tf.Tensor1D {
  const backend = wasmBackend();
  const [rows, cols] = x.shape;
  onHeap(backend, x, p);
  const out = newHeapTensor(backend, [rows]) as tf.Tensor1D;
  const scratch = new Float32Array(2 * cols);
  const [xv, pv, ov] = [
    heapFloats(backend, x, rows * cols),
    heapFloats(backend, p, rows * cols),
    heapFloats(backend, out, rows),
  ];
  assertLiveViews(backend, xv, pv, ov);
  kernels().clipped_bce_rows(BigInt(rows), BigInt(cols), xv, pv, clip, scratch, ov);
  return out;
}

/**
 * In place on `values` (rows × cols, row-major): adds `bias` (length cols) to every row when
 * given, then applies relu when asked.
 */
export function biasReluInPlace(
  values: Float32Array,
  cols: number,
  bias: Float32Array | undefined,
  relu: boolean,
): void {
  kernels().bias_relu_f32(BigInt(values.length / cols), BigInt(cols), values, bias ?? null, relu ? 1 : 0);
}

/** out = sigmoid(x) element-wise (same length). */
export function sigmoidInto(x: Float32Array, out: Float32Array): void {
  kernels().sigmoid_f32(BigInt(x.length), x, out);
}

/** z = mean + std·eps element-wise (the reparameterisation; all the same length). */
export function sampleInto(mean: Float32Array, std: Float32Array, eps: Float32Array, z: Float32Array): void {
  kernels().sample_f32(BigInt(z.length), mean, std, eps, z);
}

/** The arrays of {@link outputPassRows}: rows × cols each unless noted. */
export interface OutputPass {
  /** The output layer's sgemm product. */
  logits: Float32Array;
  /** Length cols. */
  bias: Float32Array;
  /** The images. */
  x: Float32Array;
  /** Welford's running mean and M2, updated in place. */
  mean: Float32Array;
  m2: Float32Array;
  /** Per row: Σ clipped BCE(x, y) (length rows). */
  bce: Float32Array;
  /** The mean decode, when the mean of (y − m)² per row is wanted in `meanSquareDiff` (length rows). */
  meanDecode?: Float32Array;
  meanSquareDiff?: Float64Array;
  /** Where y goes, when it is wanted. */
  y?: Float32Array;
  /** 3·cols floats. */
  scratch: Float32Array;
}

/**
 * The decoder's output layer after its sgemm and what a pass computes from y, row by row while
 * the row is in cache: y = sigmoid(logits + bias) with the bytes of tfjs' Add then Sigmoid (so cols must be
 * a multiple of 8, where rows start on a vector boundary), the `count`-th Welford step, the
 * clipped BCE per row and, when asked, the mean of (y − m)² per row.
 */
export function outputPassRows(p: OutputPass, cols: number, clip: number, count: number): void {
  if (cols % 8 !== 0) throw new RangeError(`outputPassRows: ${cols} columns, not a multiple of 8`);
  kernels().output_pass_rows(
    BigInt(p.bce.length),
    BigInt(cols),
    p.logits,
    p.bias,
    p.x,
    clip,
    count,
    p.mean,
    p.m2,
    p.meanDecode ?? null,
    p.y ?? null,
    p.bce,
    p.meanSquareDiff ?? null,
    p.scratch,
  );
}
