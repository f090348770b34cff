// summariseNumbers() and withoutUnitDetail(): a per-epoch file shows its final epoch and a count, a per-digit family its 3 largest relative changes (whole when 3 or fewer), every scalar is shown, and each per-dimension or per-digit family can be replaced by one note.
import assert from "node:assert/strict";
import {
  type NumberChange,
  summariseNumbers,
  withoutUnitDetail,
} from "../../../lib/tools/diff/number_summary.ts";

const change = (key: string, a: number, b: number): NumberChange => ({
  key,
  a,
  b,
  delta: b - a,
  relative: (b - a) / Math.abs(a),
});

const shown = (items: ReturnType<typeof summariseNumbers>) =>
  items.map((item) => "change" in item ? item.change.key : `(${item.note})`);

Deno.test("summariseNumbers() shows a per-epoch file's final epoch only and counts the rest", () => {
  const numbers = [0, 1, 2].flatMap((row) => [
    change(`${row}.trainLoss`, 200 - row, 201 - row),
    change(`${row}.valLoss`, 150 - row, 152 - row),
  ]);
  assert.deepEqual(shown(summariseNumbers(numbers)), [
    "(final epoch only; 4 more changed numbers in earlier epochs: --all)",
    "2.trainLoss",
    "2.valLoss",
  ]);
});

Deno.test("summariseNumbers() shows the 3 largest relative changes of a per-digit family and every scalar", () => {
  const perClass = Array.from(
    { length: 10 },
    (_, digit) => change(`perClass.${digit}.negElbo`, 100, 100 + digit),
  );
  const numbers = [change("negElbo.total", 100, 101), ...perClass, change("seedNoise.negElbo", 0.2, 0.3)];
  assert.deepEqual(shown(summariseNumbers(numbers)), [
    "negElbo.total",
    "(perClass.*: 10 changed; the 3 largest relative changes, all: --all)",
    "perClass.9.negElbo",
    "perClass.8.negElbo",
    "perClass.7.negElbo",
    "seedNoise.negElbo",
  ]);
});

Deno.test("summariseNumbers() shows a family of 3 or fewer changes whole, in file order", () => {
  const numbers = [change("latent.klPerDim.0", 1, 2), change("latent.klPerDim.3", 1, 5)];
  assert.deepEqual(shown(summariseNumbers(numbers)), ["latent.klPerDim.0", "latent.klPerDim.3"]);
  assert.deepEqual(summariseNumbers([]), []);
});

Deno.test("withoutUnitDetail() keeps unindexed numbers and per-epoch rows, and replaces each per-dimension or per-digit family by one note", () => {
  const { kept, notes } = withoutUnitDetail([
    change("negElbo.total", 100, 101),
    change("latent.klPerDim.0", 1, 2),
    change("latent.klPerDim.1", 1, 3),
    change("perClass.3.negElbo", 90, 91),
    change("2.valLoss", 150, 151),
  ]);
  assert.deepEqual(kept.map((n) => n.key), ["negElbo.total", "2.valLoss"]);
  assert.equal(notes.length, 2);
  assert.match(
    notes[0]!,
    /^latent\.klPerDim\.\*: 2 changed, not listed: latent dimension i of one training is not dimension i of the other/,
  );
  assert.match(notes[1]!, /^perClass\.\*: 1 changed, not listed: /);
});
