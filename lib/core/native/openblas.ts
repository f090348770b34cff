/**
 * Debian's OpenBLAS (package libopenblas0-pthread) through Deno FFI: single-precision GEMM and
 * the facts a manifest records about it (version, build, the CPU kernel it chose, threads).
 * Loaded once per thread that asks (a Web Worker has its own handle; the library and its
 * thread count are shared by the process).
 */

/** The package that provides {@link OPENBLAS_LIBRARY}. */
export const OPENBLAS_PACKAGE = "libopenblas0-pthread";
/**
 * The pthread build's own path, not the alternatives link libopenblas.so.0, which may point at
 * the OpenMP or serial build (different threads, possibly different bytes).
 */
export const OPENBLAS_LIBRARY = "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0";

const SYMBOLS = {
  cblas_sgemm: {
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "f32",
      "buffer",
      "i32",
      "buffer",
      "i32",
      "f32",
      "buffer",
      "i32",
    ],
    result: "void",
  },
  openblas_set_num_threads: { parameters: ["i32"], result: "void" },
  openblas_get_num_threads: { parameters: [], result: "i32" },
  openblas_get_config: { parameters: [], result: "pointer" },
  openblas_get_corename: { parameters: [], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** CBLAS enum values (cblas.h). */
const ROW_MAJOR = 101;
const NO_TRANS = 111;
const TRANS = 112;

/** What a manifest records about the library a native run used. */
export interface OpenBlasInfo {
  library: string;
  /** openblas_get_config(), e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64". */
  config: string;
  /** openblas_get_corename(): the CPU kernel set it chose at load, e.g. "Zen". */
  corename: string;
  threads: number;
}

/** An open OpenBLAS. */
export interface OpenBlas {
  /**
   * C ← A·B (row-major; A is m×k, or k×m stored when `transA`; B is k×n, or n×k when
   * `transB`; C is m×n). C's previous contents are overwritten.
   */
  sgemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
  ): void;
  /** Sets the process-wide number of threads OpenBLAS uses. */
  setThreads(threads: number): void;
  info(): OpenBlasInfo;
}

/**
 * The library the native engine loads: $VAE_OPENBLAS when set (another OpenBLAS build; the
 * manifest records which), else {@link OPENBLAS_LIBRARY}.
 */
export function openBlasPath(): string {
  return Deno.env.get("VAE_OPENBLAS") || OPENBLAS_LIBRARY;
}

let opened: { path: string; blas: OpenBlas } | undefined;

/**
 * Opens OpenBLAS at `path` (the Debian package's by default), once per thread. Throws one
 * line naming the library, the package to install and the reason when the library is
 * missing, cannot be loaded or lacks a symbol.
 */
export function openBlas(path: string = OPENBLAS_LIBRARY): OpenBlas {
  if (opened?.path === path) return opened.blas;
  let lib: Deno.DynamicLibrary<typeof SYMBOLS>;
  try {
    lib = Deno.dlopen(path, SYMBOLS);
  } catch (e) {
    // Deno repeats its prefix ("Could not open library: Could not open library: …").
    const reason = (e instanceof Error ? e.message : String(e)).split("\n")[0]!
      .replace(/^(Could not open library: )+/, "");
    throw new Error(
      `--engine native: cannot load OpenBLAS from ${path} (${reason}); install Debian's ${OPENBLAS_PACKAGE} ` +
        `(apt-get install ${OPENBLAS_PACKAGE}) or use --engine wasm`,
    );
  }
  const s = lib.symbols;
  const text = (pointer: Deno.PointerValue) =>
    pointer === null ? "" : new Deno.UnsafePointerView(pointer).getCString().trim();
  const blas: OpenBlas = {
    sgemm(transA, transB, m, n, k, a, b, c) {
      s.cblas_sgemm(
        ROW_MAJOR,
        transA ? TRANS : NO_TRANS,
        transB ? TRANS : NO_TRANS,
        m,
        n,
        k,
        1,
        a,
        transA ? m : k,
        b,
        transB ? k : n,
        0,
        c,
        n,
      );
    },
    setThreads(threads) {
      s.openblas_set_num_threads(threads);
    },
    info() {
      return {
        library: path,
        config: text(s.openblas_get_config()),
        corename: text(s.openblas_get_corename()),
        threads: s.openblas_get_num_threads(),
      };
    },
  };
  opened = { path, blas };
  return blas;
}
