/**
 * The evaluation page's explorer (lib/tools/view/explorer/) in Chromium agrees with the same
 * exported models run outside the browser (in Deno, on the wasm backend): the mean decode at
 * ε scale 0, the seeded passes up to scale 3, the running mean of N = 200 passes, noise in the
 * active or the inactive dimensions only, the dimension table, the latent map's decode of a
 * clicked point, the slider, Resample, drawing, and tfjs' tensor count. One browser and one
 * page for the whole file.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { Page } from "playwright-core";
import { EXPORTED_MODELS, loadExportedModels } from "../../../lib/stages/export/export_artifact.ts";
import { saveLayersModel } from "../../../lib/stages/export/layers_model_files.ts";
import { ACTIVE_UNIT_THRESHOLD, columnVariances } from "../../../lib/core/stats/latent_activity.ts";
import type { KerasModels } from "../../../lib/core/model/keras_models.ts";
import { SCALED_PIXEL } from "../../../lib/stages/fetch_mnist/fetch_mnist_artifact.ts";
import { useBackend } from "../../../lib/core/runtime/backend.ts";
import { readArtifact } from "../../../lib/core/store/artifact_read.ts";
import { testDigits } from "../../../lib/tools/view/digit_samples.ts";
import {
  type ExplorerHandle,
  MAX_PASSES,
  MAX_SCALE,
} from "../../../lib/tools/view/explorer/explorer_handle.ts";
import { latest } from "../../_files.ts";
import { smallRunRoot } from "../../_fixtures.ts";
import { putArtifactFile } from "./_artifact_edit.ts";
import {
  canvasGrey,
  greyLevels,
  launchChromiumFor,
  maxAbsDiff,
  saveScreenshot,
  viewerOn,
  watchedPage,
} from "./_browser.ts";
import { afterUpdate, explore, explorerDrawn } from "./_explorer_page.ts";

await useBackend("wasm");

/**
 * The browser runs the models on tfjs' cpu backend (plain JS), this test on wasm (XNNPACK):
 * the same float32 weights, summed in another order, so a pixel differs by a few 1e-7
 * (measured: at most 1.2e-7 on the fixture, and no grey level apart). Values are compared within 1e-5, and a drawn grey
 * level round(255·v) may round the other way at a half-level boundary: canvases within one
 * level, 1/255.
 */
const VALUE_TOLERANCE = 1e-5;
const LEVEL_TOLERANCE = 1;

/** The digit the tests look at (any test digit would do; 0 is the page's first). */
const DIGIT = 3;
const PASS_CANVASES = "#explorer-passes canvas";

/**
 * The fixture's latent dimensions made inactive as long training leaves unused ones: the
 * encoder maps every image to the prior (z_mean = 0, σ = 1) and the decoder's weights from
 * them are shrunk a thousandfold. (The small run's one epoch leaves all four active.)
 */
const MADE_INACTIVE = [1, 3];
const DECODER_SHRINK = 1e-3;

/**
 * Inactive-only noise must change the image less than active-only noise by at least this
 * factor. Measured on this fixture: 802 (RMS change from decoder(z_mean) over the 16 passes
 * of seed 11: 1.57e-2 active only, 1.95e-5 inactive only; the step logs it); on the 50-epoch
 * latent-32 model, bench:explorer reports it.
 */
const NOISE_FACTOR = 400;

/** Rewrites the export's three models with {@link MADE_INACTIVE} collapsed to the prior. */
async function collapseDimensions(exportDir: string): Promise<void> {
  const models = await loadExportedModels({ dir: exportDir });
  const edit = (
    model: tf.LayersModel,
    layer: string,
    change: (kernel: tf.Tensor, bias: tf.Tensor) => tf.Tensor[],
  ) => {
    const target = model.layers.find((l) => l.name === layer);
    if (!target) return;
    const [kernel, bias] = target.getWeights();
    target.setWeights(tf.tidy(() => change(kernel!, bias!)));
  };
  const latentDims = (models.encoder.outputs[0]!.shape[1])!;
  const keep = tf.tensor1d(Array.from({ length: latentDims }, (_, d) => MADE_INACTIVE.includes(d) ? 0 : 1));
  const shrink = tf.tensor2d(
    Array.from({ length: latentDims }, (_, d) => MADE_INACTIVE.includes(d) ? DECODER_SHRINK : 1),
    [latentDims, 1],
  );
  for (const model of [models.encoder, models.vae]) {
    for (const layer of ["z_mean", "z_log_var"]) {
      edit(model, layer, (kernel, bias) => [tf.mul(kernel, keep), tf.mul(bias, keep)]);
    }
  }
  for (const model of [models.decoder, models.vae]) {
    edit(model, "decoder_hidden", (kernel, bias) => [tf.mul(kernel, shrink), bias.clone()]);
  }
  for (const name of EXPORTED_MODELS) {
    const dir = join(exportDir, name);
    await saveLayersModel(models[name], dir);
    for (const file of ["model.json", "weights.bin"]) {
      await putArtifactFile(exportDir, `${name}/${file}`, await Deno.readFile(join(dir, file)));
    }
  }
}

interface Outside {
  meanDecode: Float32Array;
  sigma: Float32Array;
  passes: Float32Array[];
}

/**
 * decoder(z_mean), σ and the first `k` passes vae(x, scale·mask·ε), ε seeded as the explorer
 * draws it ([1000, L] at once), outside the browser.
 */
function outside(
  models: KerasModels,
  x: Float32Array,
  k: number,
  seed: number,
  scale: number,
  mask?: number[],
): Outside {
  return tf.tidy(() => {
    const row = tf.tensor2d(x, [1, x.length]);
    const [zMean, zLogVar] = models.encoder.predict(row) as tf.Tensor2D[];
    const latentDims = zMean!.shape[1];
    const eps = tf.slice(tf.randomNormal([MAX_PASSES, latentDims], 0, 1, "float32", seed), [0, 0], [
      k,
      latentDims,
    ]);
    const noise = tf.mul(tf.mul(eps, scale), tf.tensor1d(mask ?? Array(latentDims).fill(1)));
    const y = models.vae.predict([tf.tile(row, [k, 1]), noise], { batchSize: k }) as tf.Tensor;
    const values = y.dataSync() as Float32Array;
    return {
      meanDecode: (models.decoder.predict(zMean!) as tf.Tensor).dataSync().slice() as Float32Array,
      sigma: tf.exp(tf.mul(zLogVar!, 0.5)).dataSync().slice() as Float32Array,
      passes: Array.from({ length: k }, (_, i) => values.slice(i * x.length, (i + 1) * x.length)),
    };
  });
}

/** The mean over passes, pixel by pixel, in float64. */
function meanOf(passes: Float32Array[]): Float64Array {
  const sum = new Float64Array(passes[0]!.length);
  for (const pass of passes) pass.forEach((v, i) => sum[i]! += v);
  return sum.map((s) => s / passes.length);
}

/** RMS over passes and pixels of pass − reference. */
function rmsFrom(passes: ArrayLike<number>[], reference: ArrayLike<number>): number {
  let sum = 0;
  let count = 0;
  for (const pass of passes) {
    for (let i = 0; i < reference.length; i++) sum += (pass[i]! - reference[i]!) ** 2;
    count += reference.length;
  }
  return Math.sqrt(sum / count);
}

/** Every pass canvas's grey levels. */
async function passCanvases(page: Page, k: number): Promise<number[][]> {
  const out: number[][] = [];
  for (let i = 0; i < k; i++) out.push(await canvasGrey(page, `${PASS_CANVASES} >> nth=${i}`));
  return out;
}

/** How many entries of two equal-length arrays differ. */
function changed(a: number[], b: number[]): number {
  return a.filter((v, i) => v !== b[i]).length;
}

Deno.test("the evaluation page's explorer agrees with the exported models run outside the browser", async (t) => {
  const { root } = await smallRunRoot();
  const evaluateId = await latest(root, "evaluate");
  const exportId = await latest(root, "export");
  await collapseDimensions(join(root, "export", exportId));
  const viewer = viewerOn(root);
  const browser = await launchChromiumFor(viewer);
  try {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${viewer.url}evaluation/${evaluateId}`);
    await page.evaluate(() =>
      (globalThis as unknown as { explorer: { ready: Promise<void> } }).explorer.ready
    );
    assert.equal(await page.getAttribute("#explorer", "data-export-id"), exportId);
    const mnistId = (await page.getAttribute("#explorer", "data-mnist-id"))!;
    const models = await loadExportedModels(
      await readArtifact(join(root, "export", exportId), { root, schema: "export@1" }),
    );
    const digits = (await testDigits(root, mnistId, 1000))!;
    const k = await page.evaluate(() => (globalThis as unknown as { explorer: { k: number } }).explorer.k);
    assert.equal(k, 16);
    assert.equal(await page.locator(PASS_CANVASES).count(), k);
    const x = Float32Array.from(digits.pixels[DIGIT]!, (p) => SCALED_PIXEL[p]!);
    const latentDims = models.encoder.outputs[0]!.shape[1]!;

    // The test digits' encodings, outside: what the page marks active and orders by KL.
    const testStats = tf.tidy(() => {
      const all = tf.tensor2d(digits.pixels.flat().map((p) => SCALED_PIXEL[p]!), [digits.count, 784]);
      const [zMean, zLogVar] = models.encoder.predict(all) as tf.Tensor2D[];
      const kl = tf.mean(
        tf.mul(tf.sub(tf.sub(tf.add(zLogVar!, 1), tf.square(zMean!)), tf.exp(zLogVar!)), -0.5),
        0,
      );
      return { zMean: zMean!.dataSync() as Float32Array, kl: [...kl.dataSync()] };
    });
    const active = columnVariances(testStats.zMean, latentDims).map((v) => v > ACTIVE_UNIT_THRESHOLD);

    await t.step(
      "at ε scale 0 the mean decode and all 16 passes are decoder(z_mean), within 1/255",
      async () => {
        await explore(page, { digit: DIGIT, scale: 0 });
        const expected = outside(models, x, k, 1, 0);
        assert.deepEqual(await canvasGrey(page, "#explorer-x"), digits.pixels[DIGIT]);
        const meanLevels = greyLevels(expected.meanDecode);
        assert.ok(maxAbsDiff(await canvasGrey(page, "#explorer-mean"), meanLevels) <= LEVEL_TOLERANCE);
        for (const [i, pass] of (await passCanvases(page, k)).entries()) {
          assert.ok(maxAbsDiff(pass, meanLevels) <= LEVEL_TOLERANCE, `pass ${i} is not decoder(z_mean)`);
        }
        const drawn = await explorerDrawn(page);
        assert.ok(maxAbsDiff(drawn.meanDecode, expected.meanDecode) <= VALUE_TOLERANCE);
        assert.ok(maxAbsDiff(drawn.sigma, expected.sigma) <= VALUE_TOLERANCE);
        // All passes equal: the per-pixel std is 0 and its heatmap is inferno(0) = rgb(0, 0, 4).
        assert.ok(Math.max(...drawn.std) < 1e-6, `std ${Math.max(...drawn.std)} at scale 0`);
        assert.ok((await canvasGrey(page, "#explorer-std")).every((v) => v === 0));
        // And so is the running mean, at any N.
        assert.ok(maxAbsDiff(drawn.runningMean, expected.meanDecode) <= VALUE_TOLERANCE);
      },
    );

    await t.step(
      "at ε scale 1 and 3 with seed 7 every pass is the seeded vae(x) pass computed outside, within 1/255",
      async () => {
        assert.equal(await page.getAttribute("#explorer-scale", "max"), String(MAX_SCALE));
        for (const scale of [MAX_SCALE, 1]) {
          await explore(page, { seed: 7, scale });
          const expected = outside(models, x, k, 7, scale);
          const drawn = await explorerDrawn(page);
          assert.equal(drawn.state.scale, scale);
          for (const [i, pass] of (await passCanvases(page, k)).entries()) {
            assert.ok(
              maxAbsDiff(pass, greyLevels(expected.passes[i]!)) <= LEVEL_TOLERANCE,
              `pass ${i} differs`,
            );
            assert.ok(
              maxAbsDiff(drawn.passes[i]!, expected.passes[i]!) <= VALUE_TOLERANCE,
              `pass ${i} values differ`,
            );
          }
        }
        const drawn = await explorerDrawn(page);
        const expected = outside(models, x, k, 7, 1);
        // Not vacuous: the passes differ from the mean decode and from each other by more than
        // the tolerance (the fixture's one-epoch model moves pixels by a few hundredths).
        assert.ok(
          maxAbsDiff(greyLevels(drawn.passes[0]!), greyLevels(expected.meanDecode)) >= 3 * LEVEL_TOLERANCE,
        );
        assert.ok(
          maxAbsDiff(greyLevels(drawn.passes[0]!), greyLevels(drawn.passes[1]!)) >= 3 * LEVEL_TOLERANCE,
        );
        assert.ok(Math.max(...drawn.std) > 3 / 255);
      },
    );

    await t.step(
      "the running mean of N = 200 passes with seed 5 is the mean of 200 vae(x) passes computed outside",
      async () => {
        await explore(page, { digit: DIGIT, seed: 5, noise: { mode: "all" }, scale: 1, passes: 200 });
        const drawn = await explorerDrawn(page);
        assert.equal(drawn.passesDone, 200);
        const expected = outside(models, x, 200, 5, 1);
        const mean = meanOf(expected.passes);
        const gap = mean.map((m, i) => Math.abs(m - expected.meanDecode[i]!));
        assert.ok(maxAbsDiff(drawn.runningMean, mean) <= VALUE_TOLERANCE);
        assert.ok(
          maxAbsDiff(await canvasGrey(page, "#explorer-running"), greyLevels(mean)) <= LEVEL_TOLERANCE,
        );
        assert.ok(maxAbsDiff(drawn.gap, gap) <= VALUE_TOLERANCE);
        const gapMean = gap.reduce((s, v) => s + v, 0) / gap.length;
        assert.ok(Math.abs(drawn.gapMean - gapMean) <= 1e-6, `gap ${drawn.gapMean} against ${gapMean}`);
        assert.ok(Math.abs(drawn.gapMax - Math.max(...gap)) <= VALUE_TOLERANCE);
        assert.match(
          (await page.textContent("#explorer-gap-size"))!,
          new RegExp(`^N = 200: .* ${gapMean.toFixed(4)} per pixel`),
        );
        // Not vacuous: the mean of 200 passes is visibly not decoder(z_mean), and not one pass.
        assert.ok(Math.max(...gap) >= 3 / 255, `the largest gap is only ${Math.max(...gap)}`);
        assert.ok(maxAbsDiff(greyLevels(mean), greyLevels(expected.passes[0]!)) >= 3);
        // Back to N = 16: the mean of the 16 passes shown.
        await explore(page, { passes: 16 });
        const sixteen = await explorerDrawn(page);
        assert.ok(maxAbsDiff(sixteen.runningMean, meanOf(expected.passes.slice(0, 16))) <= VALUE_TOLERANCE);
      },
    );

    await t.step(
      `ε in the inactive dimensions only changes the image ${NOISE_FACTOR}× less than in the active ones`,
      async () => {
        const drawnBefore = await explorerDrawn(page);
        assert.deepEqual(drawnBefore.active, active);
        assert.deepEqual(active.map((a, d) => a ? -1 : d).filter((d) => d >= 0), MADE_INACTIVE);
        const change: Record<string, number> = {};
        for (const mode of ["active", "inactive"] as const) {
          await explore(page, { noise: { mode }, seed: 11, scale: 1 });
          const drawn = await explorerDrawn(page);
          const mask = active.map((a) => (a === (mode === "active") ? 1 : 0));
          assert.deepEqual(drawn.mask, mask);
          const expected = outside(models, x, k, 11, 1, mask);
          for (const [i, pass] of drawn.passes.entries()) {
            assert.ok(maxAbsDiff(pass, expected.passes[i]!) <= VALUE_TOLERANCE, `${mode}: pass ${i} differs`);
          }
          change[mode] = rmsFrom(drawn.passes, drawn.meanDecode);
        }
        const factor = change.active! / change.inactive!;
        console.log(
          `noise: RMS change from decoder(z_mean) ${change.active!.toExponential(3)} (active only), ` +
            `${change.inactive!.toExponential(3)} (inactive only): ${factor.toFixed(0)}×`,
        );
        assert.ok(change.active! > 3 / 255, `active-only noise moved the image by only ${change.active}`);
        assert.ok(factor > NOISE_FACTOR, `inactive-only noise is only ${factor}× smaller`);

        await explore(page, { noise: { mode: "one", dim: 2 } });
        const one = await explorerDrawn(page);
        assert.deepEqual(one.mask, [0, 0, 1, 0]);
        const expected = outside(models, x, k, 11, 1, one.mask);
        assert.ok(maxAbsDiff(one.passes[5]!, expected.passes[5]!) <= VALUE_TOLERANCE);
        await explore(page, { noise: { mode: "all" } });
      },
    );

    await t.step(
      "the dimension table numbers dimensions from 0, marks the inactive ones and sorts by KL or σ",
      async () => {
        const rows = () =>
          page.$$eval("#explorer-dims tbody tr", (trs) =>
            trs.map((tr) => ({
              dim: Number((tr as unknown as { dataset: { dim: string } }).dataset.dim),
              text: (tr as unknown as { textContent: string }).textContent,
              className: (tr as unknown as { className: string }).className,
            })));
        await explore(page, { order: "index" });
        const byIndex = await rows();
        assert.deepEqual(byIndex.map((r) => r.dim), [0, 1, 2, 3]);
        assert.deepEqual(
          byIndex.map((r) => r.className.split(" ")[0]),
          active.map((a) => a ? "active" : "inactive"),
        );
        assert.ok(byIndex.every((r, d) => r.text.startsWith(String(d))));
        await explore(page, { order: "kl" });
        const klOrder = [0, 1, 2, 3].sort((a, b) => testStats.kl[b]! - testStats.kl[a]!);
        assert.deepEqual((await rows()).map((r) => r.dim), klOrder);
        const drawn = await explorerDrawn(page);
        assert.ok(maxAbsDiff(drawn.klPerDim, testStats.kl) <= 1e-4);
        await explore(page, { order: "sigma" });
        assert.deepEqual(
          (await rows()).map((r) => r.dim),
          [0, 1, 2, 3].sort((a, b) => drawn.sigma[a]! - drawn.sigma[b]!),
        );
      },
    );

    await t.step(
      "a click on the latent map decodes that point: decoder(z) within 1/255 of the one outside",
      async () => {
        const drawn = await explorerDrawn(page);
        const map = drawn.map!;
        // Latent 4: a slice through the two dimensions with the most KL.
        const klOrder = [0, 1, 2, 3].sort((a, b) => testStats.kl[b]! - testStats.kl[a]!);
        assert.deepEqual(map.dims, [klOrder[0], klOrder[1]]);
        assert.equal(map.slice, true);
        assert.match(
          (await page.textContent("#explorer-map-note"))!,
          new RegExp(`^A slice through z${map.dims[0]} and z${map.dims[1]}`),
        );
        const box = (await page.locator("#explorer-map").boundingBox())!;
        const at = { x: 0.3, y: 0.65 };
        // A click where the page puts it (playwright scrolls the canvas into view first).
        await page.locator("#explorer-map").click({
          position: { x: box.width * at.x, y: box.height * at.y },
        });
        const clicked = await explorerDrawn(page);
        const z = clicked.mapPoint!.z;
        const u = map.box.xMin + at.x * (map.box.xMax - map.box.xMin);
        const v = map.box.yMax - at.y * (map.box.yMax - map.box.yMin);
        const pixel = (map.box.xMax - map.box.xMin) / box.width;
        assert.ok(
          Math.abs(z[map.dims[0]]! - u) <= pixel,
          `clicked z${map.dims[0]} = ${z[map.dims[0]]}, expected ${u}`,
        );
        assert.ok(
          Math.abs(z[map.dims[1]]! - v) <= pixel,
          `clicked z${map.dims[1]} = ${z[map.dims[1]]}, expected ${v}`,
        );
        for (let d = 0; d < latentDims; d++) {
          if (!map.dims.includes(d)) assert.equal(z[d], drawn.zMean[d], `z${d} is not held at z_mean`);
        }
        const decode = tf.tidy(() =>
          (models.decoder.predict(tf.tensor2d(z, [1, latentDims])) as tf.Tensor).dataSync()
        );
        assert.ok(maxAbsDiff(clicked.mapPoint!.decode, decode) <= VALUE_TOLERANCE);
        assert.ok(
          maxAbsDiff(await canvasGrey(page, "#explorer-map-decode"), greyLevels(decode)) <= LEVEL_TOLERANCE,
        );
        // Not vacuous: the clicked point decodes to another image than this digit's mean decode.
        assert.ok(maxAbsDiff(greyLevels(decode), greyLevels(drawn.meanDecode)) >= 3);
        await saveScreenshot(page, "explorer", "#explorer");
      },
    );

    await t.step("moving the slider and pressing Resample change the passes and the heatmap", async () => {
      await explore(page, { seed: 7, scale: 1, passes: 100 });
      const before = await passCanvases(page, k);
      const heatBefore = await canvasGrey(page, "#explorer-std");
      let updates = (await explorerDrawn(page)).state.updates;
      await page.locator("#explorer-scale").fill("0.5");
      await afterUpdate(page, updates);
      const halfway = await passCanvases(page, k);
      assert.equal(await page.locator("#explorer-scale-value").textContent(), "0.50");
      assert.ok(changed(halfway[0]!, before[0]!) > 10, "the slider did not change pass 1");
      assert.ok(changed(await canvasGrey(page, "#explorer-std"), heatBefore) > 10);
      // The slider's passes are vae(x, 0.5·ε) for the same ε.
      const expected = outside(models, x, k, 7, 0.5);
      assert.ok(maxAbsDiff(halfway[0]!, greyLevels(expected.passes[0]!)) <= LEVEL_TOLERANCE);

      updates = (await explorerDrawn(page)).state.updates;
      await page.locator("#explorer-resample").click();
      await afterUpdate(page, updates);
      assert.equal(await page.inputValue("#explorer-seed"), "8");
      assert.equal((await explorerDrawn(page)).state.seed, 8);
      const resampled = await passCanvases(page, k);
      assert.ok(changed(resampled[0]!, halfway[0]!) > 10, "Resample did not change pass 1");
      assert.ok(
        maxAbsDiff(resampled[0]!, greyLevels(outside(models, x, k, 8, 0.5).passes[0]!)) <= LEVEL_TOLERANCE,
      );
    });

    await t.step(
      "drawing on the x canvas changes x and every output, which are the models' on the drawn x",
      async () => {
        const before = await explorerDrawn(page);
        await page.locator("#explorer-clear").click();
        await afterUpdate(page, before.state.updates);
        assert.ok((await canvasGrey(page, "#explorer-x")).every((v) => v === 0));
        const updates = (await explorerDrawn(page)).state.updates;
        await page.locator("#explorer-x").scrollIntoViewIfNeeded();
        const box = (await page.locator("#explorer-x").boundingBox())!;
        await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2);
        await page.mouse.down();
        await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.8, { steps: 12 });
        await page.mouse.up();
        await afterUpdate(page, updates);
        // One more frame: moves after the first coalesced update are drawn on the next.
        await page.evaluate(() => {
          const { requestAnimationFrame: frame } = globalThis as unknown as {
            requestAnimationFrame(callback: () => void): void;
          };
          return new Promise<void>((done) => frame(() => frame(done)));
        });
        const drawn = await explorerDrawn(page);
        assert.equal(drawn.state.digit, -1);
        const xLevels = await canvasGrey(page, "#explorer-x");
        assert.deepEqual(xLevels, greyLevels(drawn.x));
        assert.ok(xLevels.filter((v) => v > 128).length >= 20, "the stroke left too little ink");
        assert.ok(changed(xLevels, digits.pixels[DIGIT]!) > 50);
        const expected = outside(models, Float32Array.from(drawn.x), k, 8, 0.5);
        const levelsChanged = (a: number[], b: number[]) => maxAbsDiff(greyLevels(a), greyLevels(b));
        assert.ok(levelsChanged(drawn.meanDecode, before.meanDecode) >= 3, "decoder(z_mean) did not change");
        assert.ok(maxAbsDiff(drawn.sigma, before.sigma) > 1e-3, "σ did not change");
        assert.ok(levelsChanged(drawn.passes[0]!, before.passes[0]!) >= 3, "the passes did not change");
        assert.ok(
          maxAbsDiff(await canvasGrey(page, "#explorer-mean"), greyLevels(expected.meanDecode)) <=
            LEVEL_TOLERANCE,
        );
        for (const [i, pass] of (await passCanvases(page, k)).entries()) {
          assert.ok(
            maxAbsDiff(pass, greyLevels(expected.passes[i]!)) <= LEVEL_TOLERANCE,
            `pass ${i} differs`,
          );
        }
      },
    );

    await t.step(
      "tfjs' tensor count stays flat over 30 updates of digits, seeds, noise, scales and N",
      async () => {
        const counts = await page.evaluate(async () => {
          const { tf } = globalThis as unknown as { tf: { memory(): { numTensors: number } } };
          const explorer = (globalThis as unknown as { explorer: ExplorerHandle }).explorer;
          await explorer.settled();
          const before = tf.memory().numTensors;
          for (let i = 0; i < 10; i++) {
            explorer.setDigit(i);
            explorer.setSeed(100 + i);
            explorer.setNoise(i % 2 ? "active" : "one", i % 4);
            explorer.setScale(i / 4);
            explorer.setPasses(1 + 37 * i);
            explorer.decodeMapPoint(i / 10, -i / 10);
          }
          await explorer.settled();
          return [before, tf.memory().numTensors];
        });
        assert.equal(counts[1], counts[0]);
      },
    );

    await t.step(
      "at 390 px wide nothing of the explorer reaches past the window; its table scrolls in its box",
      async () => {
        await page.setViewportSize({ width: 390, height: 844 });
        const outside = await page.evaluate(async () => {
          interface Element {
            tagName: string;
            id: string;
            className: string;
            closest(selector: string): Element | null;
            getBoundingClientRect(): { right: number };
          }
          const { document, innerWidth, requestAnimationFrame } = globalThis as unknown as {
            document: { querySelectorAll(selector: string): Iterable<Element> };
            innerWidth: number;
            requestAnimationFrame(callback: () => void): void;
          };
          await new Promise<void>((done) => requestAnimationFrame(done));
          return [...document.querySelectorAll("#explorer *")]
            .filter((e) => !e.closest(".table-scroll") && e.getBoundingClientRect().right > innerWidth + 0.5)
            .map((e) =>
              `${e.tagName.toLowerCase()}#${e.id}.${e.className}: right ${e.getBoundingClientRect().right}`
            );
        });
        assert.deepEqual(outside, []);
        const right = await page.$eval(
          ".table-scroll",
          (e) =>
            (e as unknown as { getBoundingClientRect(): { right: number } }).getBoundingClientRect().right,
        );
        assert.ok(right <= 390, `the table's box ends at ${right}`);
        await saveScreenshot(page, "explorer-390", "#explorer");
        await page.setViewportSize({ width: 1280, height: 900 });
      },
    );

    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await viewer.server.shutdown();
  }
});

Deno.test("the explorer needs no inline style: under style-src 'self' it draws with no CSP violation", async () => {
  const { root } = await smallRunRoot();
  const viewer = viewerOn(root);
  const browser = await launchChromiumFor(viewer);
  try {
    const { page, problems } = await watchedPage(browser);
    // The page as the viewer serves it, less its own inline <style> and with 'unsafe-inline'
    // dropped from the policy: any violation left is the explorer's.
    await page.route("**/evaluation/*", async (route) => {
      const response = await route.fetch();
      const csp = response.headers()["content-security-policy"]!.replace(" 'unsafe-inline'", "");
      assert.match(csp, /style-src 'self'(;|$)/);
      await route.fulfill({
        response,
        headers: { ...response.headers(), "content-security-policy": csp },
        body: (await response.text()).replace(/<style>[\s\S]*?<\/style>/, ""),
      });
    });
    await page.goto(`${viewer.url}evaluation/${await latest(root, "evaluate")}`);
    await page.evaluate(() => (globalThis as unknown as { explorer: ExplorerHandle }).explorer.ready);
    // The stylesheet applied (a file, allowed) and the bars' widths set through the CSSOM (allowed).
    assert.equal(
      await page.$eval(
        "#explorer-passes",
        (e) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { display: string } }).getComputedStyle(e)
            .display,
      ),
      "grid",
    );
    const fills = await page.$$eval(
      "#explorer-dims td.bar span",
      (spans) =>
        spans.map((s) =>
          (s as unknown as { style: { getPropertyValue(name: string): string } }).style
            .getPropertyValue("--fill")
        ),
    );
    assert.ok(fills.length > 0 && fills.every((f) => f !== ""), `bar fills: ${fills}`);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await viewer.server.shutdown();
  }
});
