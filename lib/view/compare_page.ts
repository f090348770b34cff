/**
 * The compare page: two runs or artifacts side by side, with what `deno task diff` says
 * (verdict first), both sides' pictures next to each other, and two models' loss curves
 * overlaid as data. Without both references, a form that asks for them.
 */
import { lineChartSvg } from "../render/line_chart.ts";
import { diffReferences, referenceDiffText } from "../diff/diff_references.ts";
import { escapeHtml } from "../render/html.ts";
import { isArtifactId, isRunId } from "../store/ids.ts";

/** A compare reference that is not an id (the viewer answers 404). */
export class NotAnId extends Error {}

/** The compare form, filled with `a` and `b`. */
function form(a = "", b = ""): string {
  return `<form method="get" action="/compare">
<label>A <input name="a" value="${escapeHtml(a)}" size="32" placeholder="run id, artifact id"></label>
<label>B <input name="b" value="${escapeHtml(b)}" size="32" placeholder="run id, artifact id"></label>
<button type="submit">Compare</button>
</form>`;
}

/** The compare page's body for references `a` and `b` (either may be absent: then only the form). */
export async function compareBody(root: string, a: string | null, b: string | null): Promise<string> {
  const parts = [`<h1>Compare</h1>`, form(a ?? "", b ?? "")];
  if (!a || !b) {
    parts.push(
      `<p>Two run ids compare the runs stage by stage; two artifact ids compare those artifacts.</p>`,
    );
    return parts.join("\n");
  }
  // Ids only: a path would let a request read artifacts anywhere on disk.
  for (const ref of [a, b]) {
    if (!isRunId(ref) && !isArtifactId(ref)) throw new NotAnId(`${ref}: not a run id or an artifact id`);
  }
  const diff = await diffReferences(root, a, b);
  parts.push(`<h2>What diff says</h2><pre id="diff">${escapeHtml(referenceDiffText(diff))}</pre>`);
  for (const [pair, d] of diff.pairs.map((pair, i) => [pair, diff.diffs[i]!] as const)) {
    const [left, right] = pair;
    const pictures = left.manifest.files.map((f) => f.path).filter((path) => path.endsWith(".png"));
    const curves = d.files.find((f) => f.curves)?.curves;
    parts.push(
      `<h2>${escapeHtml(left.manifest.kind)}: ${escapeHtml(left.manifest.id)} | ${
        escapeHtml(right.manifest.id)
      }</h2>`,
    );
    if (curves) {
      parts.push(
        `<figure>${
          lineChartSvg({
            title: "loss per image: A and B",
            xLabel: "epoch",
            yLabel: "loss (nats per image)",
            series: curves.series,
          })
        }</figure>`,
      );
    }
    for (const path of pictures.filter((p) => !(curves && p === "loss_curve.png"))) {
      const src = (x: typeof left) => `/files/${x.manifest.kind}/${x.manifest.id}/${path}`;
      parts.push(
        `<p>${escapeHtml(path)}</p><div style="display:flex;gap:1em">` +
          `<figure><figcaption>A</figcaption><img src="${escapeHtml(src(left))}" alt="A ${
            escapeHtml(path)
          }"></figure>` +
          `<figure><figcaption>B</figcaption><img src="${escapeHtml(src(right))}" alt="B ${
            escapeHtml(path)
          }"></figure></div>`,
      );
    }
  }
  return parts.join("\n");
}
