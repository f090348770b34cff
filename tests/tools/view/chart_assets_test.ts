// The viewer serves the chart scripts (vega, vega-lite, vega-embed from their npm packages, and charts.js) under /assets/charts/ as scripts with its page CSP, and nothing else there.
import assert from "node:assert/strict";
import { CHART_SCRIPTS } from "../../../lib/tools/view/chart_assets.ts";
import { PAGE_CSP } from "../../../lib/tools/view/view_server.ts";
import { tempDir } from "../../_files.ts";
import { viewerOn } from "./_browser.ts";

Deno.test("the viewer serves each chart script from its package, as a script with the page CSP", async () => {
  const viewer = viewerOn(await tempDir());
  try {
    const expected: Record<string, RegExp> = {
      "vega.min.js": /vega/,
      "vega-lite.min.js": /vegaLite|vega-lite/,
      "vega-embed.min.js": /vegaEmbed/,
      "charts.js": /vegaEmbed\(/,
    };
    assert.deepEqual(CHART_SCRIPTS.map((url) => url.split("/").pop()), Object.keys(expected));
    for (const url of CHART_SCRIPTS) {
      const answer = await fetch(new URL(url, viewer.url));
      const text = await answer.text();
      assert.equal(answer.status, 200, url);
      assert.equal(answer.headers.get("content-type"), "text/javascript; charset=utf-8");
      assert.equal(answer.headers.get("content-security-policy"), PAGE_CSP);
      assert.match(text, expected[url.split("/").pop()!]!, url);
    }
    // The vega builds are the pinned versions.
    assert.match(await (await fetch(new URL("/assets/charts/vega.min.js", viewer.url))).text(), /6\.4\.0/);
  } finally {
    await viewer.server.shutdown();
  }
});

Deno.test("the viewer answers 404 for any other name under /assets/charts/", async () => {
  const viewer = viewerOn(await tempDir());
  try {
    for (
      const name of [
        "vega.js",
        "package.json",
        "..%2fchart_assets.ts",
        "%2e%2e/view_server.ts",
        "",
        "toString",
      ]
    ) {
      const answer = await fetch(new URL(`/assets/charts/${name}`, viewer.url));
      await answer.body?.cancel();
      assert.equal(answer.status, 404, name);
    }
  } finally {
    await viewer.server.shutdown();
  }
});
