/**
 * Every page of the viewer loads in Chromium with no console error, no uncaught error, no
 * failed request and no HTTP error response, on a root holding a finished 2 × 2 sweep; a
 * screenshot of each goes to test-output/screenshots/. One browser and one page for the file.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { artifactIds, listDir, sweptRoot } from "../_helpers.ts";
import { type ExplorerHandle, launchChromium, saveScreenshot, viewerOn, watchedPage } from "./_browser.ts";

/** Opens `url` and waits until it and everything it loads (images, scripts) are in. */
async function open(page: Page, url: string): Promise<void> {
  const response = await page.goto(url, { waitUntil: "load" });
  assert.equal(response?.status(), 200, url);
}

Deno.test("every page of the viewer loads in Chromium with no console error and no failed request", async (t) => {
  const { root, sweepId } = await sweptRoot();
  const runIds = (await listDir(join(root, "runs"))).filter((name) => name.endsWith(".json"))
    .map((name) => name.slice(0, -".json".length));
  assert.ok(runIds.length >= 2, `the sweep left ${runIds.length} run records`);
  const viewer = viewerOn(root);
  const browser = await launchChromium();
  try {
    const { page, problems } = await watchedPage(browser);
    const clean = (what: string) => {
      assert.deepEqual(problems, [], `${what}:\n${problems.join("\n")}`);
    };

    await t.step("the runs page lists the sweep and links every run's evaluation", async () => {
      await open(page, viewer.url);
      assert.equal(await page.locator(`a[href="/sweep/${sweepId}"]`).count(), 1);
      assert.equal(await page.locator(`a[href^="/evaluation/"]`).count() >= 4, true);
      clean("runs page");
      await saveScreenshot(page, "runs");
    });

    await t.step("an evaluation page of each latent size (2, 4) loads with its explorer ready", async () => {
      // One evaluation per latent size: the four pages differ only in their numbers.
      const byDims = new Map<number, string>();
      for (const id of await artifactIds(root, "evaluate")) {
        const metrics = JSON.parse(await Deno.readTextFile(join(root, "evaluate", id, "metrics.json")));
        byDims.set(metrics.latent.dims, id);
      }
      assert.deepEqual([...byDims.keys()].sort(), [2, 4]);
      for (const [dims, id] of byDims) {
        await open(page, `${viewer.url}evaluation/${id}`);
        await page.evaluate(() => (globalThis as unknown as { explorer: ExplorerHandle }).explorer.ready);
        assert.equal(await page.getAttribute("#explorer", "data-latent-dims"), String(dims));
        assert.equal(await page.locator("#explorer-dims tbody tr").count(), dims, "one σ bar per dimension");
        clean(`evaluation ${id}`);
      }
      await saveScreenshot(page, "evaluation");
    });

    await t.step(
      "the compare page of two run ids shows diff's verdict and both sides' pictures",
      async () => {
        await open(page, `${viewer.url}compare?a=${runIds[0]}&b=${runIds[1]}`);
        assert.match((await page.locator("#diff").textContent())!, /\S/);
        assert.ok(await page.locator("img").count() > 0);
        clean("compare page");
        await saveScreenshot(page, "compare");
      },
    );

    await t.step("the sweep page loads with its comparison", async () => {
      await open(page, `${viewer.url}sweep/${sweepId}`);
      assert.ok(await page.locator("table").count() > 0);
      clean("sweep page");
      await saveScreenshot(page, "sweep");
    });

    await t.step("a missing file is reported as a problem (the check above can fail)", async () => {
      await page.goto(`${viewer.url}files/export/0000000000000000/encoder/model.json`);
      assert.deepEqual(problems.filter((p) => p.startsWith("HTTP 404")).length, 1);
      problems.length = 0;
    });
  } finally {
    await browser.close();
    await viewer.server.shutdown();
  }
});
