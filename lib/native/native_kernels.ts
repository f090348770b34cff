/**
 * The native engine's element-wise kernels (lib/native/kernels.c): compiled once per machine
 * with Debian's gcc into a cache, loaded through Deno FFI, and run on the tensors' bytes in the
 * wasm heap. Each kernel returns new tensors (its inputs are left as they are).
 */
import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { sha256Hex } from "../runtime/hash.ts";
import { heapFloats, newHeapTensor, wasmBackend } from "./wasm_heap.ts";

const SOURCE = new URL("./kernels.c", import.meta.url);
/** IEEE float32 arithmetic as written (no contraction into FMA, no fast-math), vector code for this CPU. */
const FLAGS = ["-O3", "-march=native", "-ffp-contract=off", "-shared", "-fPIC"];
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
  welford_f32: {
    parameters: ["i64", "buffer", "buffer", "buffer", "f32", "buffer", "buffer"],
    result: "void",
  },
  bias_relu_f32: { parameters: ["i64", "i64", "buffer", "buffer", "i32"], result: "void" },
  sigmoid_f32: { parameters: ["i64", "buffer", "buffer"], result: "void" },
} as const satisfies Deno.ForeignLibraryInterface;

/** What a manifest records about the kernels. */
export interface KernelsInfo {
  compiler: string;
  flags: string;
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

function cacheDir(): string {
  const base = Deno.env.get("XDG_CACHE_HOME") || join(Deno.env.get("HOME") ?? "/tmp", ".cache");
  return join(base, "vae-native");
}

/**
 * Compiles (once per source, flags, compiler and host: the object is kept in
 * ~/.cache/vae-native) and loads the kernels. Throws one line naming the file, the reason and
 * the packages to install when gcc is missing or fails.
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
  const source = await Deno.readFile(SOURCE);
  const key = sha256Hex(
    [sha256Hex(source), FLAGS.join(" "), LIBS.join(" "), version.text, Deno.hostname()].join("\n"),
  ).slice(0, 16);
  const object = join(cacheDir(), `kernels-${key}.so`);
  if (!(await Deno.stat(object).then(() => true, () => false))) {
    await Deno.mkdir(cacheDir(), { recursive: true }).catch((e) => {
      throw fail(`cannot create ${cacheDir()}: ${e instanceof Error ? e.message : e}`);
    });
    // Built under a name of its own, then renamed: two processes at once both end with a whole file.
    const partial = `${object}.${Deno.pid}.tmp`;
    const built = await output("gcc", [...FLAGS, "-o", partial, SOURCE.pathname, ...LIBS]);
    if (!built.ok) {
      await Deno.remove(partial).catch(() => {});
      throw fail(
        `gcc: ${built.text.split("\n").find((l) => l.includes("error")) ?? built.text.split("\n")[0]}`,
      );
    }
    await Deno.rename(partial, object);
  }
  const lib = Deno.dlopen(object, SYMBOLS);
  loaded = { lib, info: { compiler: `gcc ${version.text}`, flags: FLAGS.join(" ") } };
  return loaded.info;
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
  const outs = [
    newHeapTensor(backend, p.shape),
    newHeapTensor(backend, p.shape),
    newHeapTensor(backend, p.shape),
  ];
  const view = (t: tf.Tensor) => heapFloats(backend, t, n);
  kernels().adam_f32(
    BigInt(n),
    view(p),
    view(g),
    view(m),
    view(v),
    view(outs[0]!),
    view(outs[1]!),
    view(outs[2]!),
    c.b1,
    c.c1,
    c.b2,
    c.c2,
    c.eps,
    c.size,
  );
  return outs as [tf.Tensor, tf.Tensor, tf.Tensor];
}

/** Per row of x and p ([rows, cols]): Σ clipped BCE(x, p), as lib/model/elbo_loss.ts clippedBce defines it. */
export function clippedBceKernel(x: tf.Tensor2D, p: tf.Tensor, clip: number): tf.Tensor1D {
  const backend = wasmBackend();
  const [rows, cols] = x.shape;
  const out = newHeapTensor(backend, [rows]) as tf.Tensor1D;
  const scratch = new Float32Array(2 * cols);
  kernels().clipped_bce_rows(
    BigInt(rows),
    BigInt(cols),
    heapFloats(backend, x, rows * cols),
    heapFloats(backend, p, rows * cols),
    clip,
    scratch,
    heapFloats(backend, out, rows),
  );
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

/** One Welford step (sample `y` as the `count`-th, count ≥ 2): new mean and M2. */
export function welfordKernel(
  y: tf.Tensor,
  mean: tf.Tensor,
  m2: tf.Tensor,
  count: number,
): [tf.Tensor, tf.Tensor] {
  const backend = wasmBackend();
  const n = y.size;
  const outs = [newHeapTensor(backend, y.shape), newHeapTensor(backend, y.shape)] as [tf.Tensor, tf.Tensor];
  const view = (t: tf.Tensor) => heapFloats(backend, t, n);
  kernels().welford_f32(BigInt(n), view(y), view(mean), view(m2), count, view(outs[0]), view(outs[1]));
  return outs;
}
