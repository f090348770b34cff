/**
 * The compare page: two runs or artifacts side by side. The verdict of `deno task diff` as
 * the headline, A and B and what differs in their making, a table of the headline metrics
 * with each change's judgement, both sides' pictures next to each other, two models' loss
 * curves overlaid as data, and diff's whole text in a collapsed section. Without both
 * references, a form that asks for them (the runs page picks them with a click).
 */
import { chartFigure } from "../../core/render/chart_figure.ts";
import { overlaySpec } from "../diff/loss_curves.ts";
import { diffReferences, type ReferenceDiff, referenceDiffText } from "../diff/diff_references.ts";
import { headlineLine, verdictReport } from "../diff/verdict_report.ts";
import { brief } from "../diff/number_format.ts";
import type { HeadlineVerdict } from "../diff/headline_verdict.ts";
import { type Html, htmlTable, safeHtml } from "../../core/render/html.ts";
import { isArtifactId, isRunId } from "../../core/store/ids.ts";

/** A compare reference that is not an id (the viewer answers 404). */
export class NotAnId extends Error {}

/** The compare form, filled with `a` and `b`. */
function form(a = "", b = ""): Html {
  return safeHtml`<form method="get" action="/compare" class="inline">
<label>A <input name="a" value="${a}" size="28" placeholder="run id or artifact id" required></label>
<label>B <input name="b" value="${b}" size="28" placeholder="run id or artifact id" required></label>
<button type="submit">Compare</button>
</form>`;
}

/** The class that colours a judgement: a change beyond the noise stands out. */
function judgementClass(verdict: HeadlineVerdict["verdict"]): string {
  return verdict.startsWith("beyond") ? "judged-worse" : verdict.startsWith("within") ? "judged-better" : "";
}

/** The headline metrics, A → B, one row each with the judgement and the sentence behind it. */
function headlineTable(headline: readonly HeadlineVerdict[]): Html {
  const rows = headline.map((v) => [
    v.label,
    brief(v.a, 5),
    brief(v.b, 5),
    v.verdict === "unchanged" ? "0" : brief(v.delta, 2),
    safeHtml`<span class="${judgementClass(v.verdict)}">${v.verdict}</span>`,
    headlineLine(v),
  ]);
  return htmlTable(["metric", "A", "B", "Δ", "judgement", "why"], rows, {
    id: "headline",
    columnClasses: ["label", undefined, undefined, undefined, "judgement", "why"],
  });
}

/** The verdict: the headline, A and B, what differs in the making, the metrics, and what would settle the rest. */
function verdictSection(diff: ReferenceDiff): Html {
  const [a, b] = diff.pairs.at(-1)!;
  const label = (ref: string, x: typeof a) =>
    diff.runs ? `run ${ref}` : `${x.manifest.kind} ${x.manifest.id}`;
  const lines = verdictReport(diff.verdict, { a: label(diff.refA, a), b: label(diff.refB, b) }).split("\n");
  const verdict = lines.find((line) => line.startsWith("verdict: "))?.slice("verdict: ".length) ?? "";
  const start = lines.indexOf("what differs in the making:");
  const metricsAt = lines.indexOf("headline metrics, A → B:");
  const making = start < 0 ? [] : lines.slice(start + 1, metricsAt < 0 ? undefined : metricsAt)
    .filter((line) => line.startsWith("  ")).map((line) => line.trim());
  const rest = metricsAt < 0 ? [] : lines.slice(metricsAt + 1 + diff.verdict.headline.length);
  const unpaired = diff.unpaired.length === 0
    ? ""
    : safeHtml`<p>Stages only one run has (not compared): ${diff.unpaired.join(", ")}.</p>`;
  return safeHtml`<h2 class="verdict" id="verdict">${verdict}</h2>
<ul class="meta"><li>A: ${label(diff.refA, a)}</li><li>B: ${label(diff.refB, b)}</li></ul>
${unpaired}
${
    making.length
      ? safeHtml`<h3>What differs in the making</h3><ul>${making.map((m) => safeHtml`<li>${m}</li>`)}</ul>`
      : ""
  }
${
    diff.verdict.headline.length
      ? safeHtml`<h3>Headline metrics, A → B</h3>${headlineTable(diff.verdict.headline)}`
      : ""
  }
${
    rest.map((line) => line.startsWith("  ") ? safeHtml`<pre>${line.trim()}</pre>` : safeHtml`<p>${line}</p>`)
  }`;
}

/** The pictures and loss curves of each compared pair, A beside B. */
async function picturesOf(diff: ReferenceDiff): Promise<Html[]> {
  const parts: Html[] = [];
  for (const [pair, d] of diff.pairs.map((pair, i) => [pair, diff.diffs[i]!] as const)) {
    const [left, right] = pair;
    const pictures = left.manifest.files.map((f) => f.path).filter((path) => path.endsWith(".png"));
    const curves = d.files.find((f) => f.curves)?.curves;
    const shown = pictures.filter((p) => !(curves && p === "loss_curve.png"));
    if (!curves && shown.length === 0) continue;
    parts.push(safeHtml`<h3>${left.manifest.kind}: ${left.manifest.id} | ${right.manifest.id}</h3>`);
    if (curves) {
      // The chart's SVG comes from lib/core/render/line_chart.ts, which escapes every label.
      parts.push(await chartFigure(overlaySpec(curves.series, "loss per image: A and B")));
    }
    for (const path of shown) {
      const file = path.split("/").map(encodeURIComponent).join("/");
      const src = (x: typeof left) => `/files/${x.manifest.kind}/${x.manifest.id}/${file}`;
      parts.push(safeHtml`<div class="pair">
<figure><img src="${src(left)}" alt="A ${path}"><figcaption>A: ${path}</figcaption></figure>
<figure><img src="${src(right)}" alt="B ${path}"><figcaption>B: ${path}</figcaption></figure>
</div>`);
    }
  }
  return parts;
}

/** The compare page's body for references `a` and `b` (either may be absent: then only the form). */
export async function compareBody(root: string, a: string | null, b: string | null): Promise<Html> {
  if (!a || !b) {
    return safeHtml`<h1>Compare</h1>
<p>Mark two runs A and B on the <a href="/runs">runs page</a>, or give two ids: two run ids compare the runs
stage by stage; two artifact ids compare those artifacts.</p>
${form(a ?? "", b ?? "")}`;
  }
  // Ids only: a path would let a request read artifacts anywhere on disk.
  for (const ref of [a, b]) {
    if (!isRunId(ref) && !isArtifactId(ref)) throw new NotAnId(`${ref}: not a run id or an artifact id`);
  }
  const diff = await diffReferences(root, a, b).catch((e: Error) => {
    // The readers' messages do not always say what was being read: the page does.
    throw new Error(`cannot compare ${a} with ${b}: ${e.message.split("\n")[0]}`);
  });
  const pictures = await picturesOf(diff);
  return safeHtml`<h1>Compare</h1>
${verdictSection(diff)}
${pictures.length ? safeHtml`<h2>Pictures, A beside B</h2>\n${pictures.map((p) => [p, "\n"])}` : ""}
<details><summary>Everything diff says</summary>
<pre id="diff">${referenceDiffText(diff)}</pre>
</details>
<h2>Compare other runs</h2>
${form(a, b)}`;
}
