/**
 * What byte identity an artifact's engine promises, read from its manifest's env: wasm
 * arithmetic is the same on every machine; native products are the same only with the same
 * OpenBLAS build, CPU kernel and thread count, with the C kernels built by the same compiler
 * for the same CPU target with the same C library (lib/core/engine/engine.ts). For verify.
 */

/** The facts of a manifest's env that the promise depends on. */
interface EnvFacts {
  engine?: unknown;
  openblas?: { config?: unknown; corename?: unknown; threads?: unknown };
  kernels?: { compiler?: unknown; target?: unknown; libc?: unknown };
}

/** The OpenBLAS facts of `env` as one phrase, e.g. "OpenBLAS 0.3.21 … Haswell …, kernel Haswell, 2 thread(s)". */
function openBlasPhrase(env: EnvFacts): string {
  const o = env.openblas ?? {};
  const k = env.kernels;
  const kernels = k?.compiler === undefined
    ? ""
    : `, C kernels by ${k.compiler} for ${k.target ?? "?"} with ${k.libc ?? "?"}`;
  return `${o.config ?? "unknown build"}, kernel ${o.corename ?? "unknown"}, ${
    o.threads ?? "?"
  } thread(s)${kernels}`;
}

/** How `env` (a manifest's env) ran: "wasm" for records made before engines existed. */
export function engineOf(env: unknown): string {
  return String((env as EnvFacts | undefined)?.engine ?? "wasm");
}

/**
 * The promise for an artifact made in `stored` env, checked against a rerun in `rerun` env:
 * a line to print, and whether the promise covers the rerun (false: native with another
 * OpenBLAS build, kernel or thread count, where different bytes are not a failure to reproduce).
 *
 * @example
 * ```ts
 * import { enginePromise } from "./engine_promise.ts";
 * enginePromise({ engine: "wasm" }, { engine: "wasm" }).covered; // true
 * ```
 */
export function enginePromise(stored: unknown, rerun: unknown): { line: string; covered: boolean } {
  const [a, b] = [stored as EnvFacts, rerun as EnvFacts];
  if (engineOf(a) !== "native") {
    return { line: "engine wasm: byte-identical outputs are promised on every machine", covered: true };
  }
  const [made, here] = [openBlasPhrase(a), openBlasPhrase(b)];
  const covered = made === here;
  return {
    line:
      "engine native: byte-identical outputs are promised only with the same OpenBLAS build, CPU kernel " +
      `and threads; made with ${made}; ` + (covered ? "the rerun used the same" : `this rerun used ${here}`),
    covered,
  };
}
