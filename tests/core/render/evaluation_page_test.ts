// The evaluation page puts report.md's parts in answer-first order, escapes what the report holds, and rounds metrics.json.
import assert from "node:assert/strict";
import { evaluationBody, reportHtml, reportParts } from "../../../lib/core/render/evaluation_page.ts";
import { trustedMarkup } from "../../../lib/core/render/html.ts";

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

/** Link targets that are `javascript:` or `data:` once their character references are decoded. */
const ENCODED_SCRIPT_TARGETS = [
  "&#106;avascript:alert(1)",
  "&#x6A;avascript&#58;alert(1)",
  "jav&#97;script:alert(1)",
  "&Tab;javascript:alert(1)",
  "javascript&colon;alert(1)",
  "data&colon;text/html,<script>alert(1)</script>",
];

Deno.test("reportHtml drops link and image targets that are script URLs once character references are decoded", () => {
  for (const target of ENCODED_SCRIPT_TARGETS) {
    const markdown = `[inline](${target}) ![image](${target}) [ref][r]\n\n[r]: ${target}\n`;
    const out = reportHtml(markdown, () => undefined).markup;
    assert.equal(out, "<p>inline image ref</p>\n", `${target} kept a target`);
  }
});

Deno.test("reportHtml writes a link's decoded target escaped, so the browser follows the URL it checked", () => {
  const out = reportHtml(
    `[q](https://x.org/?a=1&amp;b=2 "t&amp;t") [o](/f&ouml;&#246;) ![p](figure.png "P") <https://x.org/?a&amp;b>`,
    (name) => `/files/e/${name}`,
  ).markup;
  assert.equal(
    out,
    `<p><a href="https://x.org/?a=1&amp;b=2" title="t&amp;t">q</a> <a href="/föö">o</a> ` +
      `<img src="/files/e/figure.png" alt="p" title="P"> <a href="https://x.org/?a&amp;amp;b">https://x.org/?a&amp;amp;b</a></p>\n`,
  );
});

Deno.test("a report section named after an Object property gets no id from the prototype", () => {
  const body = evaluationBody(
    { ...view, reportMarkdown: "# Q\n\n## constructor\n\nx\n\n## toString\n\ny\n\n## Per digit\n\nz\n" },
    () => undefined,
  ).markup;
  assert.match(body, /<section>\n<h2>constructor<\/h2>/);
  assert.match(body, /<section>\n<h2>toString<\/h2>/);
  assert.match(body, /<section id="per-digit">\n<h2>Per digit<\/h2>/);
});
