// The evaluation page puts report.md's parts in answer-first order, escapes what the report holds, and rounds metrics.json.
import assert from "node:assert/strict";
import { evaluationBody, reportParts } from "../../lib/render/evaluation_page.ts";
import { trustedMarkup } from "../../lib/render/html.ts";

const REPORT = `# Why do they differ?

> **A quick look, not the reproduction.** Shortened.

Measured on 60 test images.

![figure](figure.png)

**Short answer: \`vae(x)\` samples.** It draws.

## The evidence from this run

- one

## Per digit

| digit | images |
| --- | --- |
| 0 | 6 |

## What to do in your own code

Use the mean.
`;

const view = {
  evaluateId: "0123456789abcdef",
  exportId: "1123456789abcdef",
  mnistId: "2123456789abcdef",
  reportMarkdown: REPORT,
  metrics: { singlePassRms: { mean: 0.060312345678 }, images: 10000 },
  answer: ["answer: one pass differs by 0.0603", "ε = 0: exact"],
};

Deno.test("the evaluation page reads question, answer, explorer, evidence, per digit, what to do, details", () => {
  const page = evaluationBody(view, (name) => `/img/${name}`, {
    explorer: trustedMarkup(`<section id="explorer"></section>`),
    metricsHref: "/files/evaluate/0123456789abcdef/metrics.json",
  }).markup;
  const at = (needle: string) => {
    const i = page.indexOf(needle);
    assert.ok(i >= 0, `${needle} is on the page`);
    return i;
  };
  const order = [
    "<h1>Why do they differ?</h1>",
    "A quick look, not the reproduction.",
    `<h2 id="short-answer">Short answer: <code>vae(x)</code> samples.</h2>`,
    "<li><b>answer</b>one pass differs by 0.0603</li>",
    `<img src="/img/figure.png" alt="figure">`,
    "Measured on 60 test images.",
    `<section id="explorer">`,
    `<section id="evidence">`,
    `<section id="per-digit">`,
    `<section id="what-to-do">`,
    `<section id="details">`,
    `<details id="raw-metrics">`,
  ].map(at);
  assert.deepEqual(order, [...order].sort((a, b) => a - b), "in reading order");
  assert.match(page, /<p>It draws\.<\/p>/, "the answer's paragraph without its bold lead");
  assert.equal(page.split("Short answer").length, 2, "the lead is shown once");
  assert.match(page, /<td>singlePassRms\.mean<\/td><td class="num">0\.06031<\/td>/, "rounded to 4 digits");
  assert.match(page, /<td>images<\/td><td class="num">10000<\/td>/, "integers whole");
  assert.match(page, /href="\/files\/evaluate\/0123456789abcdef\/metrics\.json"/);
});

Deno.test("reportParts escapes raw HTML in the question and the answer, and keeps what fits no part", () => {
  const parts = reportParts(
    `# Why <img src=x onerror=alert(1)>?\n\n**Short answer: <script>alert(2)</script>** yes <b onclick="x">b</b>\n\nStray paragraph.\n`,
    () => undefined,
  );
  assert.equal(parts.question?.markup, "Why &lt;img src=x onerror=alert(1)&gt;?");
  assert.doesNotMatch(parts.answerLead!.markup + parts.answerText!.markup, /<script|<b /);
  assert.match(parts.answerLead!.markup, /&lt;script&gt;/);
  assert.match(parts.intro.markup, /Stray paragraph\./);
});

Deno.test("a report without the expected parts is shown whole, in order", () => {
  const parts = reportParts("Just text.\n\n## A heading\n\nMore.\n", () => undefined);
  assert.equal(parts.question, undefined);
  assert.equal(parts.answerLead, undefined);
  assert.match(parts.intro.markup, /Just text\./);
  assert.deepEqual(parts.sections.map((s) => s.heading), ["A heading"]);
});
