// deno task train: the same flags give byte-identical weights and id, another seed other weights, a killed training resumes from its checkpoint to the same weights, and bad flags or a missing or corrupted mnist artifact are one line with nothing written.
import assert from "node:assert/strict";
import { join } from "node:path";
import { readArtifact } from "../../../lib/core/store/artifact_read.ts";
import { artifactIds, copyArtifacts, latest, listDir, tempDir } from "../../_files.ts";
import { assertOneLineError, runStage, runStageOk } from "../../_commands.ts";
import { smallMnist, TRAINED_FLAGS, trainedRoot } from "../../_fixtures.ts";

Deno.test("train with the same flags as an earlier run gives byte-identical weights and the same id", async () => {
  const earlier = await trainedRoot();
  const root = await tempDir();
  await smallMnist(root);
  await runStageOk("train", ["--artifacts", root, ...TRAINED_FLAGS]);
  const [ma, mb] = [
    await readArtifact(join(earlier, "model", await latest(earlier, "model"))),
    await readArtifact(join(root, "model", await latest(root, "model"))),
  ];
  assert.equal(ma.manifest.id, mb.manifest.id);
  assert.deepEqual(ma.manifest.files, mb.manifest.files);
  assert.deepEqual(ma.manifest.files.map((f) => f.path), [
    "history.csv",
    "history.json",
    "loss_curve.png",
    "loss_curve.svg",
    "weights.bin",
    "weights.json",
  ]);
  const again = await runStageOk("train", ["--artifacts", root, ...TRAINED_FLAGS]);
  assert.match(again.stdout, /up to date/);
});

Deno.test("train with another seed gives other weights and another id", async () => {
  const root = await trainedRoot();
  await runStageOk("train", ["--artifacts", root, ...TRAINED_FLAGS, "--seed", "2"]);
  const ids = await artifactIds(root, "model");
  assert.equal(ids.length, 2);
  const [x, y] = await Promise.all(ids.map((id) => readArtifact(join(root, "model", id))));
  assert.notEqual(
    x!.manifest.files.find((f) => f.path === "weights.bin")!.sha256,
    y!.manifest.files.find((f) => f.path === "weights.bin")!.sha256,
  );
});

Deno.test("train killed after an epoch resumes from its checkpoint and ends with the same weights", async () => {
  const [killed, whole] = [await tempDir(), await tempDir()];
  const flags = ["--epochs", "4", "--hidden-dim", "64", "--latent-dim", "8"];
  for (const root of [killed, whole]) await smallMnist(root, 2000, 100);
  // The uninterrupted run on one thread: the resumed runs use two (the default), and must
  // still give the same bytes.
  await runStageOk("train", ["--artifacts", whole, ...flags, "--workers", "1"]);

  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      new URL("../../../pipeline/train.ts", import.meta.url).pathname,
      "--artifacts",
      killed,
      ...flags,
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  const checkpoints = join(killed, "model", ".checkpoints");
  let sawCheckpoint = false;
  for (let i = 0; i < 600 && !sawCheckpoint; i++) {
    await new Promise((r) => setTimeout(r, 50));
    for (const run of await listDir(checkpoints)) {
      if ((await listDir(join(checkpoints, run))).some((name) => name.startsWith("epoch-"))) {
        sawCheckpoint = true;
      }
    }
  }
  child.kill("SIGKILL");
  await child.status;
  assert.ok(sawCheckpoint, "no checkpoint appeared");
  assert.deepEqual(await artifactIds(killed, "model"), [], "a killed run must leave no model artifact");

  // A copy whose checkpoint is damaged: four bytes of its arrays overwritten.
  const damaged = await tempDir();
  await copyArtifacts(killed, damaged);
  const [run] = await listDir(join(damaged, "model", ".checkpoints"));
  const [epoch] = await listDir(join(damaged, "model", ".checkpoints", run!));
  const arrays = join(damaged, "model", ".checkpoints", run!, epoch!, "arrays.bin");
  const bytes = await Deno.readFile(arrays);
  bytes.set([1, 2, 3, 4], 100);
  await Deno.writeFile(arrays, bytes);

  const resumed = await runStageOk("train", ["--artifacts", killed, ...flags]);
  assert.match(resumed.stdout, /resuming after epoch [123]/);
  const restarted = await runStageOk("train", ["--artifacts", damaged, ...flags, "--workers", "1"]);
  assert.doesNotMatch(restarted.stdout, /resuming/);
  assert.match(
    restarted.stderr,
    /^checkpoint after epoch [123] is damaged and not used: .*arrays\.bin: SHA-256 [0-9a-f]{64}, manifest says/,
  );
  const b = await readArtifact(join(whole, "model", await latest(whole, "model")));
  for (const root of [killed, damaged]) {
    const a = await readArtifact(join(root, "model", await latest(root, "model")));
    assert.deepEqual(a.manifest.files, b.manifest.files);
  }
});

const badFlags: [string, string[], RegExp][] = [
  ["zero epochs", ["--epochs", "0"], /--epochs 0: out of range, expected an integer in 1\.\./],
  ["negative epochs", ["--epochs=-3"], /--epochs -3: out of range/],
  [
    "a negative number without '='",
    ["--epochs", "-3"],
    /'--epochs' argument is ambiguous.* use '--epochs=-XYZ'/,
  ],
  ["a non-integer batch size", ["--batch-size", "1.5"], /--batch-size "1\.5": expected an integer/],
  ["latent size 0", ["--latent-dim", "0"], /--latent-dim 0: out of range/],
  ["an unknown backend", ["--backend", "gpu"], /--backend "gpu": expected one of wasm, cpu/],
  ["three workers", ["--workers", "3"], /--workers 3: out of range, expected an integer in 1\.\.2/],
  ["an unknown flag", ["--epoch", "3"], /Unknown option '--epoch'/],
];
for (const [what, args, pattern] of badFlags) {
  Deno.test(`train refuses ${what} with one line and writes nothing`, async () => {
    const root = await tempDir();
    await smallMnist(root);
    assertOneLineError(await runStage("train", ["--artifacts", root, ...args]), "train", pattern);
    assert.deepEqual(await artifactIds(root, "model"), []);
  });
}

Deno.test("train without an mnist artifact says which command to run first", async () => {
  const root = await tempDir();
  assertOneLineError(
    await runStage("train", ["--artifacts", root]),
    "train",
    /no mnist artifact .* run 'deno task fetch-mnist' first/,
  );
});

Deno.test("train refuses a corrupted mnist artifact, naming the file", async () => {
  const root = await tempDir();
  const id = await smallMnist(root);
  const path = join(root, "mnist", id, "train-images-idx3-ubyte");
  const bytes = await Deno.readFile(path);
  bytes[1000] = bytes[1000]! ^ 0xff;
  await Deno.writeFile(path, bytes);
  assertOneLineError(
    await runStage("train", ["--artifacts", root]),
    "train",
    /train-images-idx3-ubyte: SHA-256 .* \(artifact corrupted: rerun 'deno task fetch-mnist' with the flags that made it and --force/,
  );
  assert.deepEqual(await artifactIds(root, "model"), []);
});
