// parseIdx(), firstRecords() and idxCount(): IDX image and label files parsed from their header, a wrong magic number or truncated file refused with the sizes, the first N records kept with the count rewritten.
import assert from "node:assert/strict";
import { encodeIdx, firstRecords, idxCount, parseIdx } from "../../../lib/stages/fetch_mnist/idx.ts";

const images = encodeIdx({
  kind: "images",
  count: 2,
  rows: 2,
  cols: 3,
  data: new Uint8Array(12).map((_, i) => i),
});

Deno.test("parseIdx() reads the header and records of an image file", () => {
  const idx = parseIdx(images, "x");
  assert.equal(idx.kind, "images");
  assert.deepEqual([idx.count, idx.rows, idx.cols], [2, 2, 3]);
  assert.deepEqual([...idx.data], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
});

Deno.test("parseIdx() reads a label file", () => {
  const idx = parseIdx(
    encodeIdx({ kind: "labels", count: 3, rows: 1, cols: 1, data: new Uint8Array([7, 2, 1]) }),
    "l",
  );
  assert.equal(idx.kind, "labels");
  assert.deepEqual([...idx.data], [7, 2, 1]);
});

Deno.test("parseIdx() rejects a file whose magic number is neither 2051 nor 2049", () => {
  const bad = images.slice();
  bad[3] = 0x99;
  assert.throws(
    () => parseIdx(bad, "bad-file"),
    (e: Error) => e instanceof SyntaxError && /bad-file: magic number is \d+, expected 2051/.test(e.message),
  );
});

Deno.test("parseIdx() rejects a truncated file, naming header and actual sizes", () => {
  assert.throws(
    () => parseIdx(images.subarray(0, images.length - 1), "t"),
    /t: header says 2 records of 2×3 \(28 bytes\) but the file has 27 bytes/,
  );
});

Deno.test("parseIdx() rejects a file too short for any header", () => {
  assert.throws(() => parseIdx(new Uint8Array(3), "tiny"), /tiny: file is 3 bytes, too short/);
});

Deno.test("firstRecords() keeps the first N records and rewrites the count", () => {
  const first = parseIdx(firstRecords(parseIdx(images, "x"), 1), "y");
  assert.equal(first.count, 1);
  assert.deepEqual([...first.data], [0, 1, 2, 3, 4, 5]);
});

Deno.test("idxCount() reads the record count from the first 8 bytes alone, and checks the magic number", () => {
  assert.equal(idxCount(images.subarray(0, 8), "x"), 2);
  const bad = images.slice(0, 8);
  bad[3] = 0x99;
  assert.throws(() => idxCount(bad, "bad-file"), /bad-file: magic number is \d+, expected 2051/);
  assert.throws(() => idxCount(images.subarray(0, 7), "short"), /short: file is 7 bytes, too short/);
});
