/**
 * ε for the native engine, drawn in C (lib/core/native/normal.c) with the values tfjs' seeded
 * tf.randomNormal gives: the generator is seeded here by seedrandom itself (the library tfjs
 * seeds with), and C draws from its state, about ten times faster than tfjs in JS. The wasm
 * engine keeps drawing through tfjs.
 */
import seedrandom from "seedrandom";
import { kernels } from "./native_kernels.ts";

/** seedrandom's alea generator's state. */
interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

/**
 * The values of tf.randomNormal([n], 0, 1, "float32", seed) into the first n floats of `out`
 * (n = out.length unless given); returns them. `seed` must be a positive integer (tfjs draws
 * an unseeded stream for 0).
 */
export function normalDraws(seed: number, out: Float32Array, n: number = out.length): Float32Array {
  if (!(Number.isSafeInteger(seed) && seed > 0)) {
    throw new RangeError(`normalDraws: seed ${seed} is not a positive integer`);
  }
  if (!(Number.isInteger(n) && n >= 0 && n <= out.length)) {
    throw new RangeError(`normalDraws: ${n} values asked of an array of ${out.length}`);
  }
  // MPRandGauss seeds alea with seed.toString(); alea's state is {c, s0, s1, s2} (lib/alea.js, copy()).
  const state = seedrandom.alea(seed.toString(), { state: true }).state() as unknown as AleaState;
  const { c, s0, s1, s2 } = state;
  kernels().normal_draws_f32(new Float64Array([c, s0, s1, s2]), BigInt(n), out);
  return out.subarray(0, n);
}
