// report.html, opened from disk in Chromium, loads its figure, variance map and loss-curve images and its tables with no script, no failed request and nothing fetched from outside.
import assert from "node:assert/strict";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { latest } from "../../_files.ts";
import { smallRunRoot } from "../../_fixtures.ts";

Deno.test("report.html opens from disk in Chromium with its images, tables and no failed or outside request", async () => {
  const { root } = await smallRunRoot();
  const path = join(root, "evaluate", await latest(root, "evaluate"), "report.html");
  const html = await Deno.readTextFile(path);
  assert.ok(!/<script/i.test(html), "no script");
  assert.ok(!/(src|href)="https?:/i.test(html), "nothing from the network");
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    page.on("requestfailed", (request) => problems.push(`failed: ${request.url()}`));
    page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(`file://${path}`, { waitUntil: "load" });
    type Picture = { alt: string; naturalWidth: number; complete: boolean };
    const images = await page.locator("img").evaluateAll((elements) =>
      elements.map((element) => {
        const image = element as unknown as Picture;
        return { alt: image.alt, width: image.naturalWidth, complete: image.complete };
      })
    );
    assert.deepEqual(images.map((i) => i.alt), ["figure", "variance map", "loss curve"]);
    for (const image of images) assert.ok(image.complete && image.width > 0, `${image.alt} did not load`);
    // The per-digit table of report.md is a table with one row per digit present.
    const perDigitRows = await page.locator("#report table").first().locator("tbody tr").count();
    assert.ok(perDigitRows >= 5, `per-digit table rows: ${perDigitRows}`);
    assert.ok(await page.locator("#metrics tbody tr").count() > 50, "every number of metrics.json");
    // The answer's numbers, as a run ends with them, under the short answer.
    assert.deepEqual(await page.locator("#answer-numbers li b").allTextContents(), [
      "answer",
      "gap",
      "active",
      "ε = 0",
    ]);
    assert.deepEqual(problems, []);
    assert.ok(
      requested.every((url) => url.startsWith("file:") || url.startsWith("data:")),
      requested.join(" "),
    );
  } finally {
    await browser.close();
  }
});
