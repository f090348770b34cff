// finiteJson() writes what JSON.stringify writes for finite numbers and refuses NaN and ±Infinity by path.
import assert from "node:assert/strict";
import { finiteJson } from "../../../lib/core/runtime/finite_json.ts";

Deno.test("finiteJson() gives JSON.stringify's text for finite numbers", () => {
  const value = { a: 1.5, b: [0, -2], c: { d: "x", e: null } };
  assert.equal(finiteJson(value, "metrics.json"), JSON.stringify(value, null, 2) + "\n");
});

Deno.test("finiteJson() refuses NaN and ±Infinity, naming the file and the path of the first", () => {
  assert.throws(
    () => finiteJson({ latent: { klPerDim: [0.1, NaN] } }, "metrics.json"),
    { name: "RangeError", message: /^metrics\.json: latent\.klPerDim\.1 is NaN/ },
  );
  assert.throws(() => finiteJson({ x: -Infinity }, "m.json"), { message: /^m\.json: x is -Infinity/ });
  assert.throws(() => finiteJson(Infinity, "m.json"), { message: /the value is Infinity/ });
});
