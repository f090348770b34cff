/**
 * A sweep's page: its comparison (one row per configuration, mean ± std over seeds, only the
 * varying params), the plots inline as SVG, and every cell with its outcome and run.
 */
import { compareRuns } from "../compare/comparison.ts";
import { comparePlots } from "../compare/compare_plots.ts";
import { tableRows } from "../compare/compare_table.ts";
import { readSweepRecord } from "../store/sweep_record.ts";
import { type Html, html, htmlTable, trustedMarkup } from "../render/html.ts";

/** The body of sweep `id`'s page under `root`. */
export async function sweepBody(root: string, id: string): Promise<Html> {
  const record = await readSweepRecord(root, id);
  const cells = record.cells.map((cell) => [
    String(cell.index + 1),
    Object.entries(cell.setting).map(([f, v]) => `--${f} ${v}`).join(" "),
    cell.status === "failed" ? html`<span class="failed">failed</span>` : cell.status,
    cell.outcome ?? cell.error ?? "",
    cell.runId ?? "",
    cell.seconds?.toFixed(1) ?? "",
  ]);
  const parts: Html[] = [html`<h1>Sweep ${id}</h1>
<p>Profile ${record.grid.profile}, ${record.status}.</p>`];
  if (record.cells.some((cell) => cell.status === "ok")) {
    const comparison = await compareRuns(root, [id]);
    const { header, rows } = tableRows(comparison.grouping);
    parts.push(html`<h2>Comparison</h2>
${htmlTable(header, rows, { sortable: true, id: "comparison" })}
<h2>Plots</h2>
${
      // The plots' SVG comes from lib/render's chart builders, which escape every label.
      comparePlots(comparison.grouping).map((plot) => html`<figure>${trustedMarkup(plot.svg)}</figure>\n`)}`);
  }
  parts.push(html`<h2>Cells</h2>
${
    htmlTable(["cell", "setting", "status", "outcome", "run", "seconds"], cells, {
      sortable: true,
      id: "cells",
    })
  }`);
  return html`${parts.map((part, i) => [i ? "\n" : "", part])}`;
}
