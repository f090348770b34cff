// deno task export: the exported models, reloaded in another process, reproduce the trained weights exactly, a re-export keeps its id and is up to date, and a corrupted, unknown-version or missing model artifact is refused in one line.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { readArtifact } from "../../../lib/core/store/artifact_read.ts";
import { useBackend } from "../../../lib/core/runtime/backend.ts";
import { loadExportedModels } from "../../../lib/stages/export/export_artifact.ts";
import { loadMnistSplit, scalePixels } from "../../../lib/stages/fetch_mnist/fetch_mnist_artifact.ts";
import { MNIST_PIXELS } from "../../../lib/stages/fetch_mnist/mnist_files.ts";
import { loadModelParams } from "../../../lib/stages/train/train_artifact.ts";
import { decode, encode, vaeForward } from "../../../lib/core/model/model_forward.ts";
import { artifactIds, latest, tempDir } from "../../_files.ts";
import { assertOneLineError, runStage, runStageOk } from "../../_commands.ts";
import { trainedRoot } from "../../_fixtures.ts";

await useBackend("wasm");

Deno.test("export writes models that, reloaded in another process, reproduce the trained weights exactly", async () => {
  const root = await trainedRoot();
  const run = await runStageOk("export", ["--artifacts", root]);
  assert.match(run.stdout, /reproduce the trained model exactly on 100 test images/);
  const exported = await readArtifact(join(root, "export", await latest(root, "export")), {
    schema: "export@1",
  });
  assert.deepEqual(
    exported.manifest.files.map((f) => f.path),
    [
      "decoder/model.json",
      "decoder/weights.bin",
      "encoder/model.json",
      "encoder/weights.bin",
      "export.json",
      "vae/model.json",
      "vae/weights.bin",
    ],
  );
  const model = await readArtifact(join(root, "model", await latest(root, "model")));
  const params = await loadModelParams(model);
  const models = await loadExportedModels(exported);
  const mnist = await readArtifact(join(root, "mnist", await latest(root, "mnist")));
  const test = await loadMnistSplit(mnist, "test");
  const x = tf.tensor2d(scalePixels(test.pixels), [test.count, MNIST_PIXELS]);
  const eps = tf.randomNormal([test.count, 8], 0, 1, "float32", 11) as tf.Tensor2D;
  const { zMean, zLogVar } = encode(params, x);
  const [gotMean, gotLogVar] = models.encoder.predict(x) as tf.Tensor[];
  assert.deepEqual(gotMean!.dataSync(), zMean.dataSync());
  assert.deepEqual(gotLogVar!.dataSync(), zLogVar.dataSync());
  assert.deepEqual((models.decoder.predict(zMean) as tf.Tensor).dataSync(), decode(params, zMean).dataSync());
  assert.deepEqual(
    (models.vae.predict([x, eps]) as tf.Tensor).dataSync(),
    vaeForward(params, x, eps).dataSync(),
  );
  // ε = 0: the VAE is the mean decode decoder(encoder(x).z_mean).
  const meanDecode = (models.decoder.predict(gotMean!) as tf.Tensor).dataSync();
  assert.deepEqual((models.vae.predict([x, tf.zerosLike(eps)]) as tf.Tensor).dataSync(), meanDecode);
  const sampled = (models.vae.predict([x, eps]) as tf.Tensor).dataSync();
  assert.notDeepEqual(sampled, meanDecode);
});

Deno.test("export of the same model keeps its id and reports it up to date", async () => {
  const root = await trainedRoot();
  await runStageOk("export", ["--artifacts", root]);
  const again = await runStageOk("export", ["--artifacts", root]);
  assert.match(again.stdout, /export [0-9a-f]{16}: up to date/);
  const forced = await runStageOk("export", ["--artifacts", root, "--force"]);
  assert.match(forced.stdout, /recomputed, byte-identical/);
  assert.equal((await artifactIds(root, "export")).length, 1);
});

Deno.test("export refuses a corrupted model artifact and writes nothing", async () => {
  const root = await trainedRoot();
  const dir = join(root, "model", await latest(root, "model"));
  const bytes = await Deno.readFile(join(dir, "weights.bin"));
  bytes[0] = bytes[0]! ^ 1;
  await Deno.writeFile(join(dir, "weights.bin"), bytes);
  assertOneLineError(
    await runStage("export", ["--artifacts", root]),
    "export",
    /weights\.bin: SHA-256 .* \(artifact corrupted: rerun 'deno task train' with the flags that made it and --force/,
  );
  assert.deepEqual(await artifactIds(root, "export"), []);
});

Deno.test("export refuses a model artifact of an unknown format version", async () => {
  const root = await trainedRoot();
  const manifestPath = join(root, "model", await latest(root, "model"), "manifest.json");
  const manifest = JSON.parse(await Deno.readTextFile(manifestPath));
  await Deno.writeTextFile(manifestPath, JSON.stringify({ ...manifest, schema: "model@9" }));
  assertOneLineError(
    await runStage("export", ["--artifacts", root]),
    "export",
    /schema model@9: format version 9 is not the supported 1/,
  );
  assert.deepEqual(await artifactIds(root, "export"), []);
});

Deno.test("export without a model artifact says which command to run first", async () => {
  const root = await tempDir();
  assertOneLineError(
    await runStage("export", ["--artifacts", root]),
    "export",
    /no model artifact .* run 'deno task train' first/,
  );
});
