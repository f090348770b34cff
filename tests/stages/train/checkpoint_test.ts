// Weights files and checkpoints: exact round-trips in tfjs format, only the newest epoch kept, a concurrent writer's checkpoint kept, a failed write leaving no temporary, and a damaged, incomplete or mismatched checkpoint reported in one line.
import assert from "node:assert/strict";
import { join } from "node:path";
import { readLatestCheckpoint, writeCheckpoint } from "../../../lib/stages/train/checkpoint.ts";
import { readWeights, writeWeights } from "../../../lib/core/model/weights_file.ts";
import { listDir, tempDir } from "../../_files.ts";

const arrays = [
  { name: "a/kernel", shape: [2, 3], values: new Float32Array([1, 2, 3, 4, 5, 6.5]) },
  { name: "a/bias", shape: [3], values: new Float32Array([-1, 0, 1e-8]) },
];

Deno.test("writeWeights() and readWeights() round-trip names, shapes and exact values in tfjs format", async () => {
  const dir = await tempDir();
  await writeWeights(dir, "weights", arrays);
  const manifest = JSON.parse(await Deno.readTextFile(join(dir, "weights.json")));
  assert.deepEqual(manifest[0].paths, ["weights.bin"]);
  assert.deepEqual(manifest[0].weights.map((w: { name: string }) => w.name), ["a/kernel", "a/bias"]);
  assert.equal((await Deno.stat(join(dir, "weights.bin"))).size, 9 * 4);
  assert.deepEqual(await readWeights(dir, "weights"), arrays);
});

Deno.test("readWeights() refuses a .bin file of the wrong size", async () => {
  const dir = await tempDir();
  await writeWeights(dir, "weights", arrays);
  await Deno.writeFile(join(dir, "weights.bin"), new Uint8Array(8));
  await assert.rejects(readWeights(dir, "weights"), /weights\.bin has 8 bytes, expected 36/);
});

Deno.test("writeCheckpoint() keeps only the newest epoch and readLatestCheckpoint() returns it", async () => {
  const dir = join(await tempDir(), "ckpt");
  assert.equal(await readLatestCheckpoint(dir), undefined);
  await writeCheckpoint(dir, 1, arrays, { step: 10 });
  await writeCheckpoint(dir, 2, arrays, { step: 20 });
  assert.deepEqual(await listDir(dir), ["epoch-2"]);
  const latest = await readLatestCheckpoint<{ step: number }>(dir);
  assert.equal(latest?.epoch, 2);
  assert.deepEqual(latest?.state, { step: 20 });
  assert.deepEqual(latest?.arrays, arrays);
});

Deno.test("writeCheckpoint() of an epoch another writer of the same model already wrote keeps that checkpoint and leaves no temporary", async () => {
  const dir = join(await tempDir(), "ckpt");
  await writeCheckpoint(dir, 3, arrays, { step: 30 });
  const first = await Deno.stat(join(dir, "epoch-3", "state.json"));
  await writeCheckpoint(dir, 3, arrays, { step: 30 });
  assert.deepEqual(await listDir(dir), ["epoch-3"]);
  assert.equal(
    (await Deno.stat(join(dir, "epoch-3", "state.json"))).ino,
    first.ino,
    "the first checkpoint stays",
  );
  assert.equal((await readLatestCheckpoint<{ step: number }>(dir))?.state.step, 30);
});

Deno.test("readLatestCheckpoint() reports a damaged checkpoint in one line, removes it and falls back to none", async () => {
  const dir = join(await tempDir(), "ckpt");
  await writeCheckpoint(dir, 4, arrays, { step: 40 });
  const bin = join(dir, "epoch-4", "arrays.bin");
  const bytes = await Deno.readFile(bin);
  bytes.set([9, 9, 9, 9], 4);
  await Deno.writeFile(bin, bytes);
  const warnings: string[] = [];
  assert.equal(await readLatestCheckpoint(dir, (line) => warnings.push(line)), undefined);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /^checkpoint after epoch 4 is damaged and not used: .*arrays\.bin: SHA-256 /);
  assert.deepEqual(await listDir(dir), []);
});

Deno.test("readLatestCheckpoint() refuses a checkpoint without its manifest", async () => {
  const dir = join(await tempDir(), "ckpt");
  await writeCheckpoint(dir, 2, arrays, { step: 20 });
  await Deno.remove(join(dir, "epoch-2", "manifest.json"));
  const warnings: string[] = [];
  assert.equal(await readLatestCheckpoint(dir, (line) => warnings.push(line)), undefined);
  assert.match(warnings[0]!, /manifest\.json/);
});

Deno.test("writeCheckpoint() that fails midway (a full disk, a bad array) leaves no temporary and keeps the older checkpoint", async () => {
  const dir = join(await tempDir(), "ckpt");
  await writeCheckpoint(dir, 1, arrays, { step: 10 });
  const broken = [{ name: "w", shape: [5], values: new Float32Array(2) }]; // shape and values disagree
  await assert.rejects(writeCheckpoint(dir, 2, broken, { step: 20 }));
  assert.deepEqual(await listDir(dir), ["epoch-1"]);
  assert.equal((await readLatestCheckpoint(dir))?.epoch, 1);
});

Deno.test("readLatestCheckpoint() refuses a checkpoint with a file its manifest does not list, or a state of the wrong shape", async () => {
  const dir = join(await tempDir(), "ckpt");
  await writeCheckpoint(dir, 3, arrays, { step: 30 });
  await Deno.writeTextFile(join(dir, "epoch-3", "extra.json"), "{}");
  const warnings: string[] = [];
  assert.equal(await readLatestCheckpoint(dir, (line) => warnings.push(line)), undefined);
  assert.match(
    warnings[0]!,
    /epoch-3: holds .*extra\.json.*, expected the checkpoint's files and its manifest/,
  );
  await writeCheckpoint(dir, 4, arrays, { step: "forty" });
  const refused = await readLatestCheckpoint(dir, (line) => warnings.push(line), (value, where) => {
    if (typeof (value as { step?: unknown }).step !== "number") {
      throw new SyntaxError(`${where}: step is not a number`);
    }
    return value;
  });
  assert.equal(refused, undefined);
  assert.match(warnings[1]!, /state\.json: step is not a number/);
});
