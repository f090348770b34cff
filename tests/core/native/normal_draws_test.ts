// The native engine's ε (lib/core/native/normal.c through normal_draws.ts) is tf.randomNormal's, bit for bit: its fallback log is V8's Math.log on every value tried, and its draws equal tfjs' for many seeds and sizes.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../../../lib/core/runtime/backend.ts";
import { engineNamed } from "../../../lib/core/engine/engine.ts";
import { kernels } from "../../../lib/core/native/native_kernels.ts";
import { normalDraws } from "../../../lib/core/native/normal_draws.ts";
import { streamSeed } from "../../../lib/core/model/rng_streams.ts";

await useBackend("wasm");
await engineNamed("native").activate();

/** Doubles with every bit of their mantissa random, in (0, 1) and beyond, plus edge values. */
function logInputs(count: number): Float64Array {
  const bits = new BigUint64Array(count);
  let state = 0x9e3779b97f4a7c15n;
  for (let i = 0; i < count; i++) {
    // xorshift64*: mantissa and (bounded) exponent at random.
    state ^= state >> 12n;
    state ^= (state << 25n) & 0xffffffffffffffffn;
    state ^= state >> 27n;
    const r = (state * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
    const exponent = 1023n - (r >> 58n) - (i % 3 === 0 ? (r >> 52n) & 0x3fn : 0n); // mostly [2^-64, 1)
    bits[i] = (exponent << 52n) | (r & 0xfffffffffffffn);
  }
  const values = new Float64Array(bits.buffer);
  const edges = [
    Number.MIN_VALUE,
    2.2250738585072014e-308,
    1e-300,
    2 ** -64,
    0.5,
    1 - 2 ** -53,
    1,
    1 + 2 ** -52,
    2,
    3,
    0.7071067811865476,
    1.4142135623730951,
    1 - 2 ** -21,
    1 + 2 ** -21,
    1e300,
    Infinity,
    0,
  ];
  values.set(edges);
  return values;
}

Deno.test("the correctly rounded C log equals V8's Math.log bit for bit on a million doubles and the edge cases", () => {
  const log = kernels().math_log_f64;
  const inputs = logInputs(1_000_000);
  const differing: string[] = [];
  for (const x of inputs) {
    const [c, js] = [log(x), Math.log(x)];
    if (!Object.is(c, js) && differing.length < 5) differing.push(`log(${x}): C ${c}, Math.log ${js}`);
  }
  assert.deepEqual(differing, []);
});

Deno.test("normalDraws gives tf.randomNormal's float32 values for many seeds and sizes, odd sizes included", () => {
  const sizes = [1, 2, 3, 31, 4096, 4097, 32_000];
  for (let k = 0; k < 60; k++) {
    const seed = k < 50 ? streamSeed(1, "eps", 1, k) : k; // the training's own seeds, and small ones
    const n = sizes[k % sizes.length]!;
    const expected = tf.tidy(() => tf.randomNormal([n], 0, 1, "float32", seed).dataSync() as Float32Array);
    const drawn = normalDraws(seed, new Float32Array(n + 3), n);
    assert.equal(drawn.length, n);
    assert.deepEqual(
      new Uint8Array(drawn.slice().buffer),
      new Uint8Array(expected.buffer),
      `seed ${seed}, ${n} values`,
    );
  }
});

Deno.test("normalDraws fills only the values asked and refuses a seed tfjs would not repeat", () => {
  const out = new Float32Array(8).fill(7);
  normalDraws(5, out, 5);
  assert.deepEqual([...out.subarray(5)], [7, 7, 7]);
  assert.throws(() => normalDraws(0, out), /seed 0 is not a positive integer/);
  assert.throws(() => normalDraws(1.5, out), /seed 1.5/);
  assert.throws(() => normalDraws(3, out, 9), /9 values asked of an array of 8/);
});
