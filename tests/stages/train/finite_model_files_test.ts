/** A model's history and weights are written only when finite, and what the writers write the readers accept. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { readHistoryRows } from "../../../lib/tools/diff/history_rows.ts";
import { sha256Hex } from "../../../lib/core/runtime/hash.ts";
import { MANIFEST_NAME } from "../../../lib/core/store/manifest.ts";
import { type EpochLosses, historyCsv, historyJson } from "../../../lib/stages/train/history.ts";
import { writeModelWeights } from "../../../lib/stages/train/train_artifact.ts";
import { assertOneLineError, runStage } from "../../_commands.ts";
import { latest, listDir, tempDir } from "../../_files.ts";
import { trainedRoot } from "../../_fixtures.ts";

const ROW: EpochLosses = {
  epoch: 1,
  trainLoss: 180.5,
  trainRecon: 170.25,
  trainKl: 10.25,
  valLoss: 175,
  valRecon: 166,
  valKl: 9,
};

Deno.test("historyJson() output is read back by diff's history reader unchanged", async () => {
  const path = join(await tempDir(), "history.json");
  const rows = [ROW, { ...ROW, epoch: 2, valLoss: 1e30 }];
  await Deno.writeTextFile(path, historyJson(rows));
  assert.deepEqual(
    await readHistoryRows(path),
    rows.map(({ epoch, trainLoss, valLoss }) => ({ epoch, trainLoss, valLoss })),
  );
});

for (const bad of [NaN, Infinity, -Infinity]) {
  for (const column of ["trainKl", "valLoss"] as const) {
    Deno.test(`historyJson() and historyCsv() refuse a history whose ${column} is ${bad}`, () => {
      const rows = [ROW, { ...ROW, epoch: 2, [column]: bad }];
      const message = new RegExp(
        `^Error: history: epoch 2: ${column} is ${bad}; a history with non-finite losses`,
      );
      assert.throws(() => historyJson(rows), message);
      assert.throws(() => historyCsv(rows), message);
    });
  }
}

Deno.test("writeModelWeights() refuses weights that are not finite and writes nothing", async () => {
  const dir = await tempDir();
  const weights = [
    { name: "encoder_hidden/bias", shape: [3], values: new Float32Array([0, 1, 2]) },
    { name: "z_mean/bias", shape: [2], values: new Float32Array([0.5, NaN]) },
  ];
  await assert.rejects(
    writeModelWeights(dir, weights),
    /^Error: model weights: z_mean\/bias holds NaN; weights that are not finite are not written$/,
  );
  assert.deepEqual(await listDir(dir), []);
});

Deno.test("export refuses, in one line naming the model, a stored model whose weights hold NaN", async () => {
  // A model as the old code stored a diverged training: valid hashes, NaN weights.
  const root = await trainedRoot();
  const dir = join(root, "model", await latest(root, "model"));
  const bytes = await Deno.readFile(join(dir, "weights.bin"));
  new DataView(bytes.buffer).setFloat32(0, NaN, true);
  await Deno.writeFile(join(dir, "weights.bin"), bytes);
  const manifest = JSON.parse(await Deno.readTextFile(join(dir, MANIFEST_NAME)));
  manifest.files.find((f: { path: string }) => f.path === "weights.bin").sha256 = sha256Hex(bytes);
  await Deno.writeTextFile(join(dir, MANIFEST_NAME), JSON.stringify(manifest, null, 2) + "\n");

  const run = await runStage("export", ["--artifacts", root]);
  assertOneLineError(
    run,
    "export",
    /\/model\/[0-9a-f]{16}: weight \S+ holds NaN: the training diverged; .*lower --lr$/,
  );
  assert.deepEqual(
    await listDir(join(root, "export")).then((names) => names.filter((n) => !n.startsWith("."))),
    [],
  );
});
