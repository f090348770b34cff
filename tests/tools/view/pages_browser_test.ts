/**
 * Every page of the viewer over a small run's artifacts (a finished 2 × 2 sweep) works on a
 * 390 × 844 phone and a 1280 × 800 screen in Chromium: it loads with no console error, no
 * uncaught error, no failed request and no HTTP error response, the page never scrolls
 * sideways, the start page's short answer is on the first screen, and the runs page sorts,
 * picks two runs to compare, and links on. Screenshots of every page at both sizes go to
 * test-output/screenshots/.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { artifactIds, listDir } from "../../_files.ts";
import { sweptRoot } from "../../_fixtures.ts";
import { launchChromiumFor, saveScreenshot, viewerOn, watchedPage } from "./_browser.ts";

/** The two screens: a phone (touch, viewport meta honoured, as on a real one) and a laptop. */
const SCREENS = [
  { name: "390", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  { name: "1280", viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false },
] as const;

/** Opens `url`, waits until it and everything it loads are in, and for the explorer where there is one. */
async function open(page: Page, url: string): Promise<void> {
  const response = await page.goto(url, { waitUntil: "load" });
  assert.equal(response?.status(), 200, url);
  await page.evaluate(() => (globalThis as { explorer?: { ready?: Promise<void> } }).explorer?.ready);
}

/** How wide the page is against the window, and where an element's top is (page coordinates). */
function layout(
  page: Page,
  selector: string,
): Promise<{ scrollWidth: number; innerWidth: number; top?: number }> {
  return page.evaluate((selector) => {
    const d = globalThis as unknown as {
      document: {
        documentElement: { scrollWidth: number };
        querySelector(s: string): { getBoundingClientRect(): { top: number } } | null;
      };
      innerWidth: number;
      scrollY: number;
    };
    const box = d.document.querySelector(selector)?.getBoundingClientRect();
    return {
      scrollWidth: d.document.documentElement.scrollWidth,
      innerWidth: d.innerWidth,
      top: box === undefined ? undefined : box.top + d.scrollY,
    };
  }, selector);
}

/** The text of column `header` of table `table`, row by row as shown. */
async function column(page: Page, table: string, header: string): Promise<string[]> {
  const headers = await page.locator(`${table} thead th`).allTextContents();
  const index = headers.findIndex((h) => h.trim() === header);
  assert.ok(index >= 0, `${table} has a column ${header}: ${headers.join(" | ")}`);
  return (await page.locator(`${table} tbody tr td:nth-child(${index + 1})`).allTextContents()).map((t) =>
    t.trim()
  );
}

Deno.test("every page of a small run's viewer works at 390 and 1280 px: no sideways scroll, no error, the answer first", async (t) => {
  const { root, sweepId } = await sweptRoot();
  const runIds = (await listDir(join(root, "runs"))).filter((name) => name.endsWith(".json"))
    .map((name) => name.slice(0, -".json".length)).sort();
  assert.ok(runIds.length >= 2, `the sweep left ${runIds.length} run records`);
  const byDims = new Map<number, string>();
  for (const id of await artifactIds(root, "evaluate")) {
    const metrics = JSON.parse(await Deno.readTextFile(join(root, "evaluate", id, "metrics.json")));
    byDims.set(metrics.latent.dims, id);
  }
  assert.deepEqual([...byDims.keys()].sort(), [2, 4]);
  const pages: [string, string][] = [
    ["answer", ""],
    ["runs", "runs"],
    ...[...byDims].map(([dims, id]): [string, string] => [`evaluation-latent${dims}`, `evaluation/${id}`]),
    ["compare", `compare?a=${runIds[0]}&b=${runIds[1]}`],
    ["compare-form", "compare"],
    ["sweep", `sweep/${sweepId}?baseline=latent-dim%3D2`],
  ];
  const viewer = viewerOn(root);
  const browser = await launchChromiumFor(viewer);
  try {
    for (const screen of SCREENS) {
      const { page, problems } = await watchedPage(browser, screen);
      const clean = (what: string) => assert.deepEqual(problems, [], `${what}:\n${problems.join("\n")}`);
      for (const [name, path] of pages) {
        await t.step(`${name} at ${screen.name} px loads cleanly and never scrolls sideways`, async () => {
          await open(page, viewer.url + path);
          const { scrollWidth, innerWidth } = await layout(page, "main");
          assert.equal(innerWidth, screen.viewport.width, "the page is laid out at the device's width");
          assert.ok(
            scrollWidth <= innerWidth,
            `the page is ${scrollWidth} px wide in a ${innerWidth} px window`,
          );
          clean(`${name} at ${screen.name} px`);
          await saveScreenshot(page, `${name}-${screen.name}`);
        });
      }

      await t.step(`at ${screen.name} px the start page's short answer is on the first screen`, async () => {
        await open(page, viewer.url);
        const { top } = await layout(page, "#short-answer");
        assert.ok(top !== undefined && top < 800, `the short answer's heading is at y = ${top}`);
        assert.match((await page.locator("#answer").textContent())!, /RMS of \d\.\d{4} per pixel/);
        // Every evaluation of the fixture is a quick look: the page says so.
        assert.match((await page.locator("main").textContent())!, /A quick look, not the reproduction/);
        assert.ok(await page.locator(`header.site a[href="/runs"]`).isVisible(), "runs one click away");
        assert.ok(await page.locator(`header.site a[href="/compare"]`).isVisible(), "compare one click away");
        clean(`start page at ${screen.name} px`);
      });
      await page.close();
    }

    const { page, problems } = await watchedPage(browser);
    await t.step("the runs table sorts ids as text and numbers as numbers, both ways", async () => {
      await open(page, `${viewer.url}runs`);
      const newestFirst = [...runIds].reverse();
      assert.deepEqual(await column(page, "#runs", "run"), newestFirst);
      await page.click(`#runs thead th:text-is("run")`);
      assert.deepEqual(await column(page, "#runs", "run"), runIds, "ascending by id");
      await page.click(`#runs thead th:text-is("run")`);
      assert.deepEqual(await column(page, "#runs", "run"), newestFirst, "descending by id");
      await page.click(`#runs thead th:text-is("single-pass RMS")`);
      const rms = (await column(page, "#runs", "single-pass RMS")).map(Number);
      assert.deepEqual(rms, [...rms].sort((a, b) => a - b), "ascending by number");
      assert.deepEqual(problems, []);
    });

    await t.step("the runs table has a column per varying param, and the task in the command", async () => {
      const latent = await column(page, "#runs", "latent-dim");
      assert.deepEqual([...latent].sort(), ["2", "2", "4", "4"]);
      assert.deepEqual([...await column(page, "#runs", "train seed")].sort(), ["1", "1", "2", "2"]);
      for (const command of await column(page, "#runs", "command")) {
        assert.match(command, /^deno task all --/);
      }
    });

    await t.step(
      "marking two runs A and B opens their compare page with the verdict as its headline",
      async () => {
        await open(page, `${viewer.url}runs`);
        await page.check(`#runs input[name="a"][value="${runIds[0]}"]`);
        await page.check(`#runs input[name="b"][value="${runIds[1]}"]`);
        await Promise.all([page.waitForURL(/\/compare\?/), page.click(`#pick button[type="submit"]`)]);
        const url = new URL(page.url());
        assert.deepEqual([url.searchParams.get("a"), url.searchParams.get("b")], [runIds[0], runIds[1]]);
        await page.waitForLoadState("load");
        assert.match((await page.locator("h2#verdict").textContent())!, /^DIFFERENT: two trainings/);
        assert.ok(await page.locator("#headline tbody tr").count() > 0, "a table of headline metrics");
        assert.ok(await page.locator(`.pair img[alt^="A "]`).count() > 0, "A's pictures");
        assert.ok(await page.locator(`.pair img[alt^="B "]`).count() > 0, "B's pictures");
        assert.deepEqual(problems, []);
      },
    );

    await t.step(
      "the sweep page links each cell to its run's evaluation and shows the table's legend",
      async () => {
        await open(page, `${viewer.url}sweep/${sweepId}`);
        assert.equal(await page.locator(`#cells a[href^="/evaluation/"]`).count(), 4);
        assert.match((await page.locator("main").textContent())!, /95 % interval of the mean/);
        assert.ok(await page.locator("#plots figure").count() > 1, "plots in a grid");
        await page.selectOption(`#baseline-form select`, "latent-dim=2");
        await Promise.all([page.waitForURL(/baseline=/), page.click(`#baseline-form button`)]);
        assert.ok(await page.locator("#baseline tbody tr").count() > 0, "differences from the baseline");
        assert.deepEqual(problems, []);
      },
    );

    await t.step("a missing file is reported as a problem (the checks above can fail)", async () => {
      await page.goto(`${viewer.url}files/export/0000000000000000/encoder/model.json`);
      assert.equal(problems.filter((p) => p.startsWith("HTTP 404")).length, 1);
      problems.length = 0;
    });
  } finally {
    await browser.close();
    await viewer.server.shutdown();
  }
});
