/**
 * The viewer's charts are live in Chromium under its Content-Security-Policy (no eval): on a
 * finished 2 × 2 sweep, every chart of the sweep page is redrawn by Vega from its spec with no
 * console error (a CSP refusal is one), hovering a mean shows its value and interval ends,
 * and a click on a legend entry of the compare page's loss curves fades the other series.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { compareRuns } from "../../../lib/tools/compare/comparison.ts";
import { HEADLINE_METRICS } from "../../../lib/tools/compare/measured_run.ts";
import { listDir } from "../../_files.ts";
import { sweptRoot } from "../../_fixtures.ts";
import { launchChromiumFor, saveScreenshot, viewerOn, watchedPage } from "./_browser.ts";

/** Opens `url` and waits until every chart figure on it has been drawn live. */
async function openCharts(page: Page, url: string): Promise<number> {
  const response = await page.goto(url, { waitUntil: "load" });
  assert.equal(response?.status(), 200, url);
  const figures = await page.locator("figure.chart").count();
  assert.ok(figures > 0, `no chart on ${url}`);
  // Each figure gets data-live="true" once its live chart is drawn ("failed" if it cannot be).
  await page.waitForSelector(`figure.chart:not([data-live="true"])`, { state: "detached", timeout: 30_000 });
  return figures;
}

/** d3-format's ".6~g" for numbers of ordinary size: 6 significant digits, no trailing zeros. */
const sixDigits = (value: number) => Number(value.toPrecision(6));

Deno.test("the viewer's charts are live: hovering a mean shows its value, the legend picks series", async (t) => {
  const { root, sweepId } = await sweptRoot();
  const runIds = (await listDir(join(root, "runs"))).filter((name) => name.endsWith(".json"))
    .map((name) => name.slice(0, -".json".length));
  const viewer = viewerOn(root);
  const browser = await launchChromiumFor(viewer);
  try {
    const { page, problems } = await watchedPage(browser);

    await t.step(
      "hovering the latent-2 mean of the recon-gap plot shows that mean and its interval",
      async () => {
        const figures = await openCharts(page, `${viewer.url}sweep/${sweepId}`);
        assert.equal(figures, HEADLINE_METRICS.length);
        assert.equal(
          await page.locator("figure.chart > svg").count(),
          0,
          "a server SVG was left beside its live chart",
        );
        const { grouping } = await compareRuns(root, [sweepId]);
        const configuration = grouping.configurations.find((c) => Number(c.setting["latent-dim"]) === 2)!;
        const stats = configuration.stats["reconGap"]!;
        assert.equal(stats.n, 2);
        const figure = page.locator("figure.chart").nth(
          HEADLINE_METRICS.findIndex((m) => m.key === "reconGap"),
        );
        // The line's points are drawn in x order: latent size 2 first.
        await figure.locator(".mark-symbol path").first().hover();
        const tooltip = page.locator("#vg-tooltip-element");
        await tooltip.waitFor({ state: "visible", timeout: 10_000 });
        // vega-tooltip's table: one row per field, its name and its value as shown.
        const rows = new Map(
          await tooltip.locator("tr").evaluateAll((trs) =>
            trs.map((tr) =>
              [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "") as [string, string]
            )
          ),
        );
        assert.equal(rows.get("latent-dim"), "2");
        assert.equal(rows.get("n (seeds)"), "2");
        // d3-format writes a negative number with a minus sign, U+2212.
        const shown = (key: string) => Number(rows.get(key)?.replace("\u2212", "-"));
        assert.equal(shown("mean"), sixDigits(stats.mean));
        assert.equal(shown("95 % interval of the mean: low"), sixDigits(stats.low));
        assert.equal(shown("95 % interval of the mean: high"), sixDigits(stats.high));
        await saveScreenshot(
          page,
          "sweep-chart-tooltip",
          "figure.chart >> nth=" +
            HEADLINE_METRICS.findIndex((m) => m.key === "reconGap"),
        );
        assert.deepEqual(problems, [], problems.join("\n"));
      },
    );

    await t.step("a click on 'A val_loss' in the legend fades B's curves on the compare page", async () => {
      await openCharts(page, `${viewer.url}compare?a=${runIds[0]}&b=${runIds[1]}`);
      const opacityOf = (color: string) =>
        page.locator(`figure.chart .mark-line path[stroke="${color}"]`).first().getAttribute("opacity");
      // B val_loss is drawn in #c0392b (lib/tools/diff/loss_curves.ts).
      assert.notEqual(await opacityOf("#c0392b"), "0.15");
      await page.locator("figure.chart .role-legend-label text", { hasText: "A val_loss" }).click();
      // A one-epoch curve is a line of no length: present, never "visible".
      await page.waitForSelector(`figure.chart .mark-line path[stroke="#c0392b"][opacity="0.15"]`, {
        state: "attached",
      });
      assert.equal(await opacityOf("#1f4e9c"), "1");
      assert.deepEqual(problems, [], problems.join("\n"));
    });
  } finally {
    await browser.close();
    await viewer.server.shutdown();
  }
});
