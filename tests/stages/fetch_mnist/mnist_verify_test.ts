// verifyMnist() accepts the pinned MNIST files and keeps the first N records of each split, and refuses a truncated file, a wrong magic number, a count that disagrees with the size, a label out of range or a checksum mismatch in one line naming the file.
import assert from "node:assert/strict";
import { verifyMnist } from "../../../lib/stages/fetch_mnist/mnist_verify.ts";
import { readMnistFromNpm } from "../../../lib/stages/fetch_mnist/mnist_sources.ts";

const raw = (await readMnistFromNpm()).files;

function setUint32(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(offset, value);
  return bytes;
}

/** The four files with `edit` applied to a copy of `name`. */
function withEdit(name: string, edit: (bytes: Uint8Array) => Uint8Array): Map<string, Uint8Array> {
  const files = new Map(raw);
  files.set(name, edit(raw.get(name)!.slice()));
  return files;
}

const BAD: { name: string; file: string; edit: (bytes: Uint8Array) => Uint8Array; message: RegExp }[] = [
  {
    name: "a truncated file",
    file: "t10k-images-idx3-ubyte",
    edit: (b) => b.subarray(0, b.length - 100),
    message:
      /^src\/t10k-images-idx3-ubyte: header says 10000 records of 28×28 \(7840016 bytes\) but the file has 7839916 bytes/,
  },
  {
    name: "a wrong magic number",
    file: "train-labels-idx1-ubyte",
    edit: (b) => setUint32(b, 0, 2050),
    message:
      /^src\/train-labels-idx1-ubyte: magic number is 2050, expected 2051 \(images\) or 2049 \(labels\)/,
  },
  {
    name: "a header count that disagrees with the file size",
    file: "train-images-idx3-ubyte",
    edit: (b) => setUint32(b, 4, 59999),
    message: /^src\/train-images-idx3-ubyte: header says 59999 records .* but the file has 47040016 bytes/,
  },
  {
    name: "a label out of range",
    file: "t10k-labels-idx1-ubyte",
    edit: (b) => {
      b[8 + 5] = 10;
      return b;
    },
    message: /^src\/t10k-labels-idx1-ubyte: label 10 at record 5 is outside 0\.\.9/,
  },
  {
    name: "a checksum mismatch",
    file: "t10k-images-idx3-ubyte",
    edit: (b) => {
      b[5000] = b[5000]! ^ 1;
      return b;
    },
    message: /^src\/t10k-images-idx3-ubyte: SHA-256 [0-9a-f]{64} does not match the pinned 0fa7898d/,
  },
];

for (const bad of BAD) {
  Deno.test(`verifyMnist() refuses ${bad.name}, naming the file, in one line`, () => {
    assert.throws(
      () => verifyMnist(withEdit(bad.file, bad.edit), "src"),
      (e: Error) => bad.message.test(e.message) && !e.message.includes("\n"),
    );
  });
}

Deno.test("verifyMnist() accepts the pinned files and keeps the first N records of each split", () => {
  const verified = verifyMnist(raw, "src", { train: 300, test: 100 });
  assert.deepEqual(verified.counts, { train: 300, test: 100 });
  assert.equal(verified.classCounts.test.reduce((a, b) => a + b, 0), 100);
});
