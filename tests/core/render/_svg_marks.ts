/**
 * What a test reads back from a chart's SVG as Vega drew it: the data fields of each mark
 * (Vega writes them into each item's aria-label), the tick labels of an axis, and the range of
 * values an axis spans (from the axis' own aria-label).
 */

/** The `field: value` pairs of every item of `roledescription` ("point", "rule mark", …). */
export function markData(svg: string, roledescription: string): Record<string, string>[] {
  const items: Record<string, string>[] = [];
  for (const [tag] of svg.matchAll(/<(?:path|line|rect) [^>]*>/g)) {
    if (!tag.includes(`aria-roledescription="${roledescription}"`)) continue;
    const label = /aria-label="([^"]*)"/.exec(tag)?.[1] ?? "";
    items.push(Object.fromEntries(
      label.split("; ").map((pair) => {
        const at = pair.lastIndexOf(": ");
        return [unescape(pair.slice(0, at)), unescape(pair.slice(at + 2))];
      }),
    ));
  }
  return items;
}

/** The SVG's markup of the axis `"X"` or `"Y"`: from its aria-label to the next axis or the marks. */
function axisMarkup(svg: string, axis: "X" | "Y"): string {
  const start = svg.indexOf(`aria-label="${axis}-axis`);
  if (start < 0) throw new Error(`no ${axis} axis in the SVG`);
  const end = svg.indexOf(`role-axis-domain`, start);
  return svg.slice(start, end);
}

/** The tick labels of axis `axis`, in drawing order. */
export function tickLabels(svg: string, axis: "X" | "Y"): string[] {
  const markup = axisMarkup(svg, axis);
  const labels = markup.slice(markup.indexOf("role-axis-label"));
  return [...labels.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => unescape(m[1]!));
}

/** The first and last value axis `axis` spans, as Vega states them ("values from a to b"). */
export function axisSpan(svg: string, axis: "X" | "Y"): [number, number] {
  const match = /values from (\S+) to (\S+?)"/.exec(axisMarkup(svg, axis));
  if (!match) throw new Error(`the ${axis} axis states no span`);
  return [Number(match[1]!.replaceAll(",", "")), Number(match[2]!.replaceAll(",", ""))];
}

function unescape(text: string): string {
  return text.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"').replaceAll(
    "&#39;",
    "'",
  )
    .replaceAll("&amp;", "&");
}
