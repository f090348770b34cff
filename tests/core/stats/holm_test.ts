// Holm's step-down correction against hand-worked adjusted p-values.
import assert from "node:assert/strict";
import { holmAdjust } from "../../../lib/core/stats/holm.ts";

const rounded = (values: number[]) => values.map((p) => Number(p.toFixed(12)));

Deno.test("holmAdjust multiplies the i-th smallest of m p-values by m − i and keeps them in input order", () => {
  // sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → raised to 0.06
  assert.deepEqual(rounded(holmAdjust([0.01, 0.04, 0.03, 0.005])), [0.03, 0.06, 0.06, 0.02]);
});

Deno.test("holmAdjust never lets a larger p-value get a smaller adjusted one, and caps at 1", () => {
  assert.deepEqual(rounded(holmAdjust([0.5, 0.6])), [1, 1]);
  assert.deepEqual(rounded(holmAdjust([0.02, 0.021, 0.9])), [0.06, 0.06, 0.9]);
});

Deno.test("holmAdjust of one p-value leaves it as is, and of none gives none", () => {
  assert.deepEqual(holmAdjust([0.037]), [0.037]);
  assert.deepEqual(holmAdjust([]), []);
});
