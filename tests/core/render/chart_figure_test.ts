// chartFigure(): the server-drawn SVG inside a figure whose data-vega-lite attribute gives back the very spec, markup in the data never becoming markup.
import assert from "node:assert/strict";
import { chartFigure } from "../../../lib/core/render/chart_figure.ts";
import { lineChartSpec } from "../../../lib/core/render/line_chart.ts";

Deno.test("a chart figure carries its spec, escaped, and its SVG, with a hostile label as text", async () => {
  const label = `"><script>alert(1)</script><img src=x onerror=alert(2)>`;
  const spec = lineChartSpec({
    title: "t",
    xLabel: "epoch",
    yLabel: "loss",
    series: [{ label, color: "#1f77b4", points: [[1, 2], [2, 1]] }],
  });
  const markup = (await chartFigure(spec)).markup;
  assert.ok(!/<script|<img/i.test(markup), "markup from the data reached the page");
  const attribute = /^<figure class="chart" data-vega-lite="([^"]*)"><svg [^]*<\/svg><\/figure>$/.exec(
    markup,
  );
  assert.ok(attribute, markup.slice(0, 200));
  const unescaped = attribute[1]!.replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">").replaceAll("&amp;", "&");
  assert.deepEqual(JSON.parse(unescaped), JSON.parse(JSON.stringify(spec)));
});
