/**
 * The viewer's sweep page with ?baseline= shows, for a 3-seed sweep in Chromium, the differences
 * of means, their 95 % Welch intervals, p and Holm-corrected p that `deno task compare --baseline
 * --json` gives for the same sweep, names Holm's correction, says nowhere "too few seeds", and its
 * live chart's tooltip gives the latent-4 mean with the interval the JSON holds.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { HEADLINE_METRICS } from "../../../lib/tools/compare/measured_run.ts";
import { runStage } from "../../_commands.ts";
import { tempDir } from "../../_files.ts";
import { threeSeedSweep } from "../../_three_seed_sweep.ts";
import { launchChromiumFor, saveScreenshot, viewerOn, watchedPage } from "./_browser.ts";

/** One difference as `compare --json` writes it under `baseline.differences`. */
interface JsonDifference {
  setting: Record<string, string | number>;
  n: number;
  metric: string;
  difference: number;
  judgement: string;
  ci95?: [number, number];
  p?: number;
  pHolm?: number;
  verdict: string;
}

/** The number a cell shows (a leading "+" and a U+2212 minus allowed), and half its last digit. */
function shownNumber(text: string): { value: number; halfUlp: number } {
  const clean = text.trim().replace("\u2212", "-");
  const match = /^([+-]?\d+(?:\.(\d+))?)(?:e([+-]?\d+))?$/.exec(clean);
  assert.ok(match, `not a number as the table writes one: ${JSON.stringify(text)}`);
  const decimals = match[2]?.length ?? 0;
  const exponent = Number(match[3] ?? 0);
  return { value: Number(clean), halfUlp: 0.5 * 10 ** (exponent - decimals) };
}

/** Asserts that `text` is `expected` rounded to the digits `text` shows. */
function assertShows(text: string, expected: number, what: string): void {
  const { value, halfUlp } = shownNumber(text);
  assert.ok(
    Math.abs(value - expected) <= halfUlp * (1 + 1e-9),
    `${what}: the page shows ${text}, compare --json has ${expected}`,
  );
}

/** The rows of table `selector` as header → cell text, one map per row. */
async function tableRows(page: Page, selector: string): Promise<Map<string, string>[]> {
  const header = (await page.locator(`${selector} thead th`).allTextContents()).map((h) => h.trim());
  const rows = await page.locator(`${selector} tbody tr`).evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? ""))
  );
  return rows.map((cells) => new Map(header.map((h, i) => [h, (cells[i] ?? "").trim()])));
}

/** d3-format's ".6~g" for numbers of ordinary size: 6 significant digits, no trailing zeros. */
const sixDigits = (value: number) => Number(value.toPrecision(6));

Deno.test("the sweep page against a baseline shows compare's differences, Welch intervals and Holm p-values", async (t) => {
  const { root, sweepId } = await threeSeedSweep();
  const out = await tempDir();
  const args = ["--artifacts", root, "--out", out, sweepId, "--baseline", "latent-dim=2", "--json"];
  const result = await runStage("compare", args);
  assert.equal(result.code, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  const differences = (json.baseline.differences as JsonDifference[])
    .filter((d) => String(d.setting["latent-dim"]) === "4");
  assert.equal(differences.length, HEADLINE_METRICS.length, "one difference per metric for latent-dim=4");
  const tested = differences.filter((d) => d.judgement === "tested");
  assert.ok(tested.length >= 2, `the fixture must give tested differences: ${JSON.stringify(differences)}`);

  const viewer = viewerOn(root);
  const browser = await launchChromiumFor(viewer);
  try {
    const { page, problems } = await watchedPage(browser);
    const url = `${viewer.url}sweep/${sweepId}?baseline=latent-dim%3D2`;
    const response = await page.goto(url, { waitUntil: "load" });
    assert.equal(response?.status(), 200, url);

    await t.step("the latent-dim=4 rows show compare's Δ, interval ends, p and Holm's p", async () => {
      const rows = (await tableRows(page, "#baseline")).filter((row) => row.get("latent-dim") === "4");
      assert.equal(rows.length, HEADLINE_METRICS.length, "one row per metric for latent-dim=4");
      for (const d of differences) {
        const label = HEADLINE_METRICS.find((m) => m.key === d.metric)!.label;
        const row = rows.find((r) => r.get("metric") === label);
        assert.ok(row, `a row for ${label}`);
        assert.equal(row.get("n"), String(d.n), `${label}: n`);
        assertShows(row.get("Δ mean")!, d.difference, `${label}: Δ mean`);
        assert.equal(row.get("verdict"), d.verdict, `${label}: verdict`);
        if (d.judgement !== "tested") {
          assert.deepEqual(
            [row.get("95 % interval"), row.get("p"), row.get("p (Holm)")],
            ["—", "—", "—"],
            `${label}: untested (${d.judgement}), so no interval or p`,
          );
          continue;
        }
        const interval = /^\[(\S+), (\S+)\]$/.exec(row.get("95 % interval")!);
        assert.ok(interval, `${label}: an interval "[low, high]", not ${row.get("95 % interval")}`);
        assertShows(interval[1]!, d.ci95![0], `${label}: interval low`);
        assertShows(interval[2]!, d.ci95![1], `${label}: interval high`);
        assertShows(row.get("p")!, d.p!, `${label}: p`);
        assertShows(row.get("p (Holm)")!, d.pHolm!, `${label}: p (Holm)`);
      }
    });

    await t.step(
      "the table's heading names Holm's correction and how many differences it covers",
      async () => {
        const heading = (await page.locator("p.legend", { hasText: "Against the baseline" }).textContent())!;
        assert.match(heading, /^Against the baseline latent-dim=2 \(n = 3\): /);
        assert.ok(
          heading.includes(
            `p (Holm) corrects for the ${json.baseline.tests} differences tested at once (Holm's step-down method)`,
          ),
          heading,
        );
        assert.ok(json.baseline.tests >= tested.length);
      },
    );

    await t.step("with 3 seeds on each side the page nowhere says too few seeds", async () => {
      const main = (await page.locator("main").textContent())!;
      assert.doesNotMatch(main, /too few seeds/i);
      await saveScreenshot(page, "sweep-baseline-3-seeds", "#baseline");
    });

    await t.step("hovering the latent-4 mean of the val_loss chart shows its mean and interval", async () => {
      const index = HEADLINE_METRICS.findIndex((m) => m.key === "valLoss");
      const figure = page.locator("figure.chart").nth(index);
      await page.waitForSelector(`figure.chart:not([data-live="true"])`, {
        state: "detached",
        timeout: 30_000,
      });
      // The line's points are drawn in x order: latent size 4 second.
      await figure.locator(".mark-symbol path").nth(1).hover();
      const tooltip = page.locator("#vg-tooltip-element");
      await tooltip.waitFor({ state: "visible", timeout: 10_000 });
      const shown = new Map(
        await tooltip.locator("tr").evaluateAll((trs) =>
          trs.map((tr) =>
            [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "") as [string, string]
          )
        ),
      );
      type Stats = { mean: number; low: number; high: number; n: number };
      const configurations = json.configurations as {
        setting: Record<string, unknown>;
        stats: Record<string, Stats>;
      }[];
      const stats = configurations.find((c) => String(c.setting["latent-dim"]) === "4")!.stats["valLoss"]!;
      assert.equal(shown.get("latent-dim"), "4");
      assert.equal(shown.get("n (seeds)"), String(stats.n));
      const value = (key: string) => Number(shown.get(key)?.replace("\u2212", "-"));
      assert.equal(value("mean"), sixDigits(stats.mean));
      assert.equal(value("95 % interval of the mean: low"), sixDigits(stats.low));
      assert.equal(value("95 % interval of the mean: high"), sixDigits(stats.high));
    });
    assert.deepEqual(problems, [], problems.join("\n"));
  } finally {
    await browser.close();
    await viewer.server.shutdown();
  }
});
