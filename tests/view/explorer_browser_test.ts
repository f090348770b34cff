/**
 * The evaluation page's explorer (lib/view/assets/explorer.js) in Chromium, checked against
 * the same export run outside the browser (here, in Deno, on the wasm backend): the mean
 * decode at ε scale 0, the seeded passes at scale 1, the slider, Resample, drawing, and
 * tfjs' tensor count. One browser and one page for the whole file.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { Page } from "playwright-core";
import { loadExportedModels } from "../../lib/export/export_artifact.ts";
import type { KerasModels } from "../../lib/model/keras_models.ts";
import { SCALED_PIXEL } from "../../lib/mnist/mnist_artifact.ts";
import { useBackend } from "../../lib/runtime/backend.ts";
import { readArtifact } from "../../lib/store/artifact_store.ts";
import { testDigits } from "../../lib/view/digit_samples.ts";
import { latest, smallRunRoot } from "../_helpers.ts";
import {
  canvasGrey,
  explorerDrawn,
  type ExplorerHandle,
  greyLevels,
  launchChromium,
  maxAbsDiff,
  saveScreenshot,
  viewerOn,
  watchedPage,
} from "./_browser.ts";

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

interface Outside {
  meanDecode: Float32Array;
  sigma: Float32Array;
  passes: Float32Array[];
}

/** decoder(z_mean), σ and the k passes vae(x, scale·ε), ε seeded as the explorer draws it, outside the browser. */
function outside(models: KerasModels, x: Float32Array, k: number, seed: number, scale: number): Outside {
  return tf.tidy(() => {
    const row = tf.tensor2d(x, [1, x.length]);
    const [zMean, zLogVar] = models.encoder.predict(row) as tf.Tensor2D[];
    const latentDims = zMean!.shape[1];
    const eps = tf.randomNormal([k, latentDims], 0, 1, "float32", seed);
    const y = models.vae.predict([tf.tile(row, [k, 1]), tf.mul(eps, scale)], { batchSize: k }) as tf.Tensor;
    const values = y.dataSync() as Float32Array;
    return {
      meanDecode: (models.decoder.predict(zMean!) as tf.Tensor).dataSync().slice() as Float32Array,
      sigma: tf.exp(tf.mul(zLogVar!, 0.5)).dataSync().slice() as Float32Array,
      passes: Array.from({ length: k }, (_, i) => values.slice(i * x.length, (i + 1) * x.length)),
    };
  });
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

/** Calls the explorer's setters in the page (synchronous: the canvases are updated when it returns). */
function explore(page: Page, calls: { digit?: number; seed?: number; scale?: number }): Promise<void> {
  return page.evaluate((calls) => {
    const explorer = (globalThis as unknown as { explorer: ExplorerHandle }).explorer;
    if (calls.digit !== undefined) explorer.setDigit(calls.digit);
    if (calls.seed !== undefined) explorer.setSeed(calls.seed);
    if (calls.scale !== undefined) explorer.setScale(calls.scale);
  }, calls);
}

/** Waits until the explorer has drawn more than `updates` updates, then one more frame. */
async function afterUpdate(page: Page, updates: number): Promise<void> {
  await page.waitForFunction(
    (n) => (globalThis as unknown as { explorer: ExplorerHandle }).explorer.state.updates > n,
    updates,
  );
}

Deno.test("the evaluation page's explorer agrees with the exported models run outside the browser", async (t) => {
  const { root } = await smallRunRoot();
  const viewer = viewerOn(root);
  const browser = await launchChromium();
  try {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${viewer.url}evaluation/${await latest(root, "evaluate")}`);
    await page.evaluate(() => (globalThis as unknown as { explorer: ExplorerHandle }).explorer.ready);
    const exportId = (await page.getAttribute("#explorer", "data-export-id"))!;
    const mnistId = (await page.getAttribute("#explorer", "data-mnist-id"))!;
    const models = await loadExportedModels(
      await readArtifact(join(root, "export", exportId), { root, schema: "export@1" }),
    );
    const digits = (await testDigits(root, mnistId, 100))!;
    const k = await page.evaluate(() => (globalThis as unknown as { explorer: ExplorerHandle }).explorer.k);
    assert.equal(k, 16);
    assert.equal(await page.locator(PASS_CANVASES).count(), k);
    const x = Float32Array.from(digits.pixels[DIGIT]!, (p) => SCALED_PIXEL[p]!);

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
      },
    );

    await t.step(
      "at ε scale 1 with seed 7 every pass is the seeded vae(x) pass computed outside, within 1/255",
      async () => {
        await explore(page, { seed: 7, scale: 1 });
        const expected = outside(models, x, k, 7, 1);
        const drawn = await explorerDrawn(page);
        assert.deepEqual(drawn.state, { digit: DIGIT, scale: 1, seed: 7, updates: drawn.state.updates });
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
        // Not vacuous: the passes differ from the mean decode and from each other by more than
        // the tolerance (the fixture's one-epoch model moves pixels by a few hundredths).
        assert.ok(
          maxAbsDiff(greyLevels(drawn.passes[0]!), greyLevels(expected.meanDecode)) >= 3 * LEVEL_TOLERANCE,
        );
        assert.ok(
          maxAbsDiff(greyLevels(drawn.passes[0]!), greyLevels(drawn.passes[1]!)) >= 3 * LEVEL_TOLERANCE,
        );
        assert.ok(Math.max(...drawn.std) > 3 / 255);
        await saveScreenshot(page, "explorer", "#explorer");
      },
    );

    await t.step("moving the slider and pressing Resample change the passes and the heatmap", async () => {
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
        const drawnX = Float32Array.from(drawn.x);
        const expected = outside(models, drawnX, k, 8, 0.5);
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

    await t.step("tfjs' tensor count stays flat over 30 updates of digits, seeds and scales", async () => {
      const counts = await page.evaluate(() => {
        const { explorer, tf } = globalThis as unknown as {
          explorer: ExplorerHandle;
          tf: { memory(): { numTensors: number } };
        };
        const before = tf.memory().numTensors;
        for (let i = 0; i < 10; i++) {
          explorer.setDigit(i);
          explorer.setSeed(100 + i);
          explorer.setScale(i / 10);
        }
        return [before, tf.memory().numTensors];
      });
      assert.equal(counts[1], counts[0]);
    });

    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await viewer.server.shutdown();
  }
});
