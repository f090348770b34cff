/**
 * Every page of the viewer loads in Chromium with no console error, no uncaught error, no
 * failed request and no HTTP error response, on a root holding a finished 2 × 2 sweep; a
 * screenshot of each goes to test-output/screenshots/. One browser and one page for the file.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { artifactIds, latest, listDir, sweptRoot } from "../_helpers.ts";
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

    await t.step("each evaluation page loads with its explorer ready (latent 2 and 4)", async () => {
      const evaluations = await artifactIds(root, "evaluate");
      assert.equal(evaluations.length, 4);
      const latestId = await latest(root, "evaluate");
      const latentDims = new Set<string>();
      for (const id of evaluations) {
        await open(page, `${viewer.url}evaluation/${id}`);
        await page.evaluate(() => (globalThis as unknown as { explorer: ExplorerHandle }).explorer.ready);
        const dims = (await page.getAttribute("#explorer", "data-latent-dims"))!;
        latentDims.add(dims);
        assert.equal(
          await page.locator("#explorer-dims tbody tr").count(),
          Number(dims),
          "one σ bar per dimension",
        );
        clean(`evaluation ${id}`);
        if (id === latestId) await saveScreenshot(page, "evaluation");
      }
      assert.deepEqual([...latentDims].sort(), ["2", "4"]);
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
