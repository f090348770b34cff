// paramsFromRecord() and paramFlags(): stored params come back complete and in range (a record from before --engine read as wasm), a wrong type, missing or unknown key or out-of-range value is refused by name, and one string flag is declared per param with aliases only for a stage run alone.
import assert from "node:assert/strict";
import {
  paramFlags,
  paramsFromFlags,
  paramsFromRecord,
  type ParamSpecs,
} from "../../../lib/core/cli/params.ts";
import { TRAIN_PARAMS } from "../../../lib/stages/train/train_params.ts";

const STORED = {
  epochs: 3,
  batchSize: 128,
  latentDim: 8,
  hiddenDim: 64,
  lr: 0.001,
  seed: 1,
  backend: "wasm",
  engine: "native",
};

Deno.test("paramsFromRecord() gives back stored params that are complete and in range", () => {
  assert.deepEqual(paramsFromRecord(TRAIN_PARAMS, STORED, "m.json"), STORED);
});

Deno.test("paramsFromRecord() reads a record made before --engine existed as made with wasm", () => {
  const { engine: _, ...older } = STORED;
  assert.deepEqual(paramsFromRecord(TRAIN_PARAMS, older, "m.json"), { ...STORED, engine: "wasm" });
  assert.throws(
    () => paramsFromRecord(TRAIN_PARAMS, { ...STORED, engine: "gpu" }, "m.json"),
    /param engine "gpu"/,
  );
});

Deno.test("paramsFromRecord() refuses a wrong type, a missing or unknown key, and a value out of range, naming it", () => {
  const cases: [unknown, RegExp][] = [
    [
      { ...STORED, hiddenDim: "512" },
      /SyntaxError: m\.json: param hiddenDim "512": expected an integer in 1\.\.65536$/,
    ],
    [{ ...STORED, lr: null }, /SyntaxError: m\.json: param lr null: expected a number/],
    [{ ...STORED, backend: "gpu" }, /SyntaxError: m\.json: param backend "gpu": expected one of wasm, cpu$/],
    [{ ...STORED, epochs: 0 }, /SyntaxError: m\.json: param epochs 0: expected an integer in 1\.\./],
    [{ ...STORED, epochs: 2.5 }, /param epochs 2\.5: expected an integer/],
    [
      (({ seed: _, ...rest }) => rest)(STORED),
      /SyntaxError: m\.json: param seed missing: expected an integer/,
    ],
    [{ ...STORED, extra: 1 }, /SyntaxError: m\.json: unknown param extra \(expected epochs, batchSize/],
    [null, /SyntaxError: m\.json: params null is not an object$/],
    [[1], /params \[1\] is not an object/],
  ];
  for (const [record, message] of cases) {
    assert.throws(() => paramsFromRecord(TRAIN_PARAMS, record, "m.json"), message, JSON.stringify(record));
  }
});

Deno.test("paramFlags() declares one string flag per param, and the aliases only when the stage runs alone", () => {
  const specs: ParamSpecs<{ seed: number }> = {
    seed: { flag: "eval-seed", aloneAlias: "seed", default: 1, min: 0, max: 9, integer: true },
  };
  assert.deepEqual(Object.keys(paramFlags(specs)), ["eval-seed"]);
  assert.deepEqual(Object.keys(paramFlags(specs, true)), ["eval-seed", "seed"]);
  assert.deepEqual(paramsFromFlags(specs, {}), { seed: 1 });
  assert.throws(() => paramsFromFlags(specs, { "eval-seed": "10" }), /--eval-seed 10: out of range/);
});
