// sortedFloat32() sorts as Float32Array.prototype.sort() does, and summarize() gives the same figures through it.
import assert from "node:assert/strict";
import { sortedFloat32 } from "../../../lib/stages/evaluate/sorted_float32.ts";
import { summarize } from "../../../lib/stages/evaluate/quantiles.ts";

/** Whether two arrays hold the same values in the same order, −0 and NaN told apart as Object.is does. */
function sameValues(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

/** `count` float32 values from a small deterministic generator, of both signs and many magnitudes. */
function spreadValues(count: number): Float32Array {
  const values = new Float32Array(count);
  let state = 12345;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const unit = state / 2 ** 32;
    values[i] = (unit - 0.3) * 10 ** ((state % 13) - 6);
  }
  return values;
}

Deno.test("sortedFloat32() orders values of both signs, zeros of both signs, infinities, subnormals and NaNs as TypedArray sort does", () => {
  const special = new Float32Array([
    3,
    -0,
    0,
    NaN,
    -Infinity,
    1e-45,
    -1e-45,
    Infinity,
    -2.5,
    3,
    0,
    -0,
    new Float32Array(new Uint32Array([0xffc00001]).buffer)[0]!, // a NaN with the sign bit set
    1.5e-38,
  ]);
  const values = new Float32Array([...special, ...spreadValues(5000)]);
  const before = values.slice();
  const sorted = sortedFloat32(values);
  assert.ok(sameValues(sorted, values.slice().sort()));
  assert.ok(sameValues(values, before), "the input is left as it is");
  assert.notEqual(sorted.buffer, values.buffer);
});

Deno.test("sortedFloat32() of an empty array and of one value", () => {
  assert.deepEqual(sortedFloat32(new Float32Array(0)), new Float32Array(0));
  assert.ok(sameValues(sortedFloat32(new Float32Array([-0])), new Float32Array([-0])));
});

Deno.test("summarize() of a Float32Array gives exactly the figures of its float64 copy, mean summed in the same order", () => {
  const values = spreadValues(20001).map(Math.abs);
  assert.deepEqual(summarize(values), summarize(Float64Array.from(values)));
});
