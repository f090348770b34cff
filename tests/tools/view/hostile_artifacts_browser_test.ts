/**
 * Artifacts with valid hashes and hostile content (raw HTML and javascript: links in
 * report.md, plain or spelled with character references, markup in metrics.json, an HTML
 * file among an artifact's files, markup in a run record) run no script in Chromium: not on
 * the viewer's pages, not in the artifact's own files, not in report.html opened from disk.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { reportHtmlFile } from "../../../lib/stages/evaluate/report_html.ts";
import { latest, tempDir } from "../../_files.ts";
import { smallRunRoot } from "../../_fixtures.ts";
import { MARKER, markerScript, putArtifactFile } from "./_artifact_edit.ts";
import { launchChromiumFor, viewerOn } from "./_browser.ts";

/** report.md with every way markdown lets HTML or a script URL through. */
const HOSTILE_MARKDOWN = `# Report

<script>${markerScript("report script")}</script>

<img src="x" onerror="${markerScript("report img")}">

Inline <svg onload="${markerScript("report svg")}"></svg> and <b onclick="${markerScript("b")}">bold</b>.

[a link](javascript:${markerScript("link")}) and <javascript:${markerScript("autolink")}> and
[ref][r] and ![picture](javascript:${markerScript("image")}) and [data](data:text/html,<script>x</script>)

Encoded: [dec](&#106;avascript:${markerScript("decimal")}) [hex](&#x6A;avascript&#58;${markerScript("hex")})
[mid](jav&#97;script:${markerScript("mid")}) [tab](&Tab;javascript:${markerScript("tab")})
[colon](javascript&colon;${markerScript("colon")}) [eref][e] ![eimg](&#106;avascript:${markerScript("eimg")})
[edata](data&colon;text/html,<script>${markerScript("data")}</script>)

[r]: jAvAsCrIpT:${markerScript("reference")}
[e]: &#x6A;avascript:${markerScript("encoded-reference")}

<iframe src="javascript:${markerScript("iframe")}"></iframe>
`;

/** A string that closes the attribute it lands in and adds an element with a handler. */
const ATTRIBUTE_BREAKOUT = `4"><img src="x" onerror="${markerScript("metrics attribute")}"><i x="`;

/** What the test reads of the DOM (deno check has no DOM types). */
interface ElementLike {
  tagName: string;
  attributes: ArrayLike<{ name: string; value: string }>;
  getAttribute(name: string): string | null;
}
interface DocumentLike {
  title: string;
  querySelectorAll(selector: string): ArrayLike<ElementLike>;
}

/** What the tests read of a page: the marker, the title, and any script-bearing markup left in the DOM. */
async function traces(page: Page): Promise<{ marker: unknown; title: string; handlers: string[] }> {
  // Image errors and other events have fired by "load"; a moment more for anything queued.
  await page.waitForTimeout(200);
  return await page.evaluate((marker) => {
    const document = (globalThis as unknown as { document: DocumentLike }).document;
    const handlers: string[] = [];
    for (const element of Array.from(document.querySelectorAll("*"))) {
      for (const attribute of Array.from(element.attributes)) {
        // deno-lint-ignore no-control-regex
        const value = attribute.value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
        if (
          attribute.name.startsWith("on") || value.startsWith("javascript:") ||
          value.startsWith("data:text/html")
        ) {
          handlers.push(`<${element.tagName.toLowerCase()} ${attribute.name}="${attribute.value}">`);
        }
      }
      if (element.tagName === "SCRIPT" && !element.getAttribute("src")) handlers.push("inline <script>");
    }
    return { marker: (globalThis as Record<string, unknown>)[marker], title: document.title, handlers };
  }, MARKER);
}

function assertClean(what: string, seen: { marker: unknown; title: string; handlers: string[] }): void {
  assert.equal(seen.marker, undefined, `${what}: an injected script ran (${seen.marker})`);
  assert.notEqual(seen.title, "pwned", `${what}: an injected script ran`);
  assert.deepEqual(seen.handlers, [], `${what}: script-bearing markup reached the page`);
}

Deno.test("hostile artifact content runs no script on the viewer's pages, in artifact files, or in report.html", async (t) => {
  const { root } = await smallRunRoot();
  const evaluation = await latest(root, "evaluate");
  const dir = join(root, "evaluate", evaluation);
  await putArtifactFile(dir, "report.md", HOSTILE_MARKDOWN);
  const metrics = JSON.parse(await Deno.readTextFile(join(dir, "metrics.json")));
  metrics.latent.dims = ATTRIBUTE_BREAKOUT;
  metrics[`<img src=x onerror="${markerScript("metrics key")}">`] = 1;
  await putArtifactFile(dir, "metrics.json", JSON.stringify(metrics));
  await putArtifactFile(
    dir,
    "evil.html",
    `<!doctype html><title>evil</title><script>${markerScript("artifact html")}</script>` +
      `<img src="x" onerror="${markerScript("artifact html img")}">`,
  );
  const runId = "20261207T120000.000Z-beef";
  await Deno.writeTextFile(
    join(root, "runs", `${runId}.json`),
    JSON.stringify({
      id: runId,
      command: [`<img src=x onerror="${markerScript("run command")}">`],
      started: "",
      finished: "",
      status: "failed",
      error: `<script>${markerScript("run error")}</script>`,
      stages: [],
      host: {},
    }),
  );
  const viewer = viewerOn(root);
  const browser = await launchChromiumFor(viewer);
  try {
    const page = await browser.newPage();

    await t.step("the evaluation page shows report.md's raw HTML as text and runs none of it", async () => {
      const response = await page.goto(`${viewer.url}evaluation/${evaluation}`, { waitUntil: "load" });
      assert.equal(response?.status(), 200);
      assertClean("evaluation page", await traces(page));
      const report = (await page.locator("#report").textContent())!;
      assert.match(report, /<script>window\.__pwned=/, "raw HTML is shown as text");
      assert.match(report, /a link and/, "an unsafe link keeps its text");
      assert.equal(await page.getAttribute("#explorer", "data-latent-dims"), "0");
    });

    await t.step("an HTML file of an artifact is served sandboxed and runs no script", async () => {
      const response = await page.goto(`${viewer.url}files/evaluate/${evaluation}/evil.html`, {
        waitUntil: "load",
      });
      assert.equal(response?.status(), 200);
      const seen = await traces(page);
      assert.equal(seen.marker, undefined, `the artifact's HTML ran script (${seen.marker})`);
      assert.notEqual(seen.title, "pwned");
    });

    await t.step("the runs page shows a hostile run record as text", async () => {
      await page.goto(`${viewer.url}runs`, { waitUntil: "load" });
      assertClean("runs page", await traces(page));
      assert.match((await page.locator("#runs").textContent())!, /<img src=x onerror=/);
    });

    await t.step(
      "report.html of the hostile evaluation, opened from disk, carries no script and runs none",
      async () => {
        const text = reportHtmlFile({
          evaluateId: evaluation,
          exportId: "0123456789abcdef",
          mnistId: "0123456789abcdef",
          reportMarkdown: HOSTILE_MARKDOWN,
          metrics,
        }, {});
        assert.doesNotMatch(text, /<script/i, "report.html holds a script element");
        const file = join(await tempDir(), "report.html");
        await Deno.writeTextFile(file, text);
        await page.goto(`file://${file}`, { waitUntil: "load" });
        assertClean("report.html", await traces(page));
      },
    );
  } finally {
    await browser.close();
    await viewer.server.shutdown();
  }
});
