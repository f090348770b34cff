/**
 * The compare page: two runs or artifacts side by side, with what `deno task diff` says
 * (verdict first), both sides' pictures next to each other, and two models' loss curves
 * overlaid as data. Without both references, a form that asks for them.
 */
import { chartFigure } from "../render/chart_figure.ts";
import { overlaySpec } from "../diff/loss_curves.ts";
import { diffReferences, referenceDiffText } from "../diff/diff_references.ts";
import { type Html, safeHtml } from "../render/html.ts";
import { isArtifactId, isRunId } from "../store/ids.ts";

/** A compare reference that is not an id (the viewer answers 404). */
export class NotAnId extends Error {}

/** The compare form, filled with `a` and `b`. */
function form(a = "", b = ""): Html {
  return safeHtml`
    <form method="get" action="/compare">
      <label>A <input name="a" value="${a}" size="32" placeholder="run id, artifact id"></label>
      <label>B <input name="b" value="${b}" size="32" placeholder="run id, artifact id"></label>
      <button type="submit">Compare</button>
    </form>
  `;
}

/** The compare page's body for references `a` and `b` (either may be absent: then only the form). */
export async function compareBody(root: string, a: string | null, b: string | null): Promise<Html> {
  const parts: Html[] = [safeHtml`<h1>Compare</h1>`, form(a ?? "", b ?? "")];
  const joined = () => safeHtml`${parts.map((part, i) => [i ? "\n" : "", part])}`;
  if (!a || !b) {
    parts.push(
      safeHtml`<p>Two run ids compare the runs stage by stage; two artifact ids compare those artifacts.</p>`,
    );
    return joined();
  }
  // Ids only: a path would let a request read artifacts anywhere on disk.
  for (const ref of [a, b]) {
    if (!isRunId(ref) && !isArtifactId(ref)) throw new NotAnId(`${ref}: not a run id or an artifact id`);
  }
  const diff = await diffReferences(root, a, b).catch((e: Error) => {
    // The readers' messages do not always say what was being read: the page does.
    throw new Error(`cannot compare ${a} with ${b}: ${e.message.split("\n")[0]}`);
  });
  parts.push(safeHtml`
    <h2>What diff says</h2>
    <pre id="diff">${referenceDiffText(diff)}</pre>
  `);
  for (const [pair, d] of diff.pairs.map((pair, i) => [pair, diff.diffs[i]!] as const)) {
    const [left, right] = pair;
    const pictures = left.manifest.files.map((f) => f.path).filter((path) => path.endsWith(".png"));
    const curves = d.files.find((f) => f.curves)?.curves;
    parts.push(safeHtml`<h2>${left.manifest.kind}: ${left.manifest.id} | ${right.manifest.id}</h2>`);
    if (curves) {
      parts.push(await chartFigure(overlaySpec(curves.series, "loss per image: A and B")));
    }
    for (const path of pictures.filter((p) => !(curves && p === "loss_curve.png"))) {
      const file = path.split("/").map(encodeURIComponent).join("/");
      const src = (x: typeof left) => `/files/${x.manifest.kind}/${x.manifest.id}/${file}`;
      parts.push(
        safeHtml`
          <p>${path}</p>
          <div style="display:flex;gap:1em">
            <figure><figcaption>A</figcaption><img src="${src(left)}" alt="A ${path}"></figure>
            <figure><figcaption>B</figcaption><img src="${src(right)}" alt="B ${path}"></figure>
          </div>
        `,
      );
    }
  }
  return joined();
}
