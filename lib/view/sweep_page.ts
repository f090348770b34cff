/**
 * A sweep's page: its comparison (one row per configuration, mean ± std over seeds, only the
 * varying params), the plots (lib/render/chart_figure.ts), and its cells with their outcomes and runs, a
 * page at a time.
 */
import { compareRuns } from "../compare/comparison.ts";
import { comparePlots } from "../compare/compare_plots.ts";
import { tableRows } from "../compare/compare_table.ts";
import { readSweepRecord } from "../store/sweep_record.ts";
import { type Html, htmlTable, safeHtml } from "../render/html.ts";
import { chartFigure } from "../render/chart_figure.ts";
import { pageOf, pageParam, pager } from "./paging.ts";

/** The body of sweep `id`'s page under `root`; `params` holds the cells' page number (`cells`). */
export async function sweepBody(root: string, id: string, params = new URLSearchParams()): Promise<Html> {
  const record = await readSweepRecord(root, id);
  const cellPage = pageOf(record.cells, pageParam(params, "cells"));
  const cells = cellPage.items.map((cell) => [
    String(cell.index + 1),
    Object.entries(cell.setting).map(([f, v]) => `--${f} ${v}`).join(" "),
    cell.status === "failed" ? safeHtml`<span class="failed">failed</span>` : cell.status,
    cell.outcome ?? cell.error ?? "",
    cell.runId ?? "",
    cell.seconds?.toFixed(1) ?? "",
  ]);
  const parts: Html[] = [safeHtml`<h1>Sweep ${id}</h1>
<p>Profile ${record.grid.profile}, ${record.status}.</p>`];
  if (record.cells.some((cell) => cell.status === "ok")) {
    const comparison = await compareRuns(root, [id]);
    const { header, rows } = tableRows(comparison.grouping);
    parts.push(safeHtml`<h2>Comparison</h2>
${htmlTable(header, rows, { sortable: true, id: "comparison" })}
<h2>Plots</h2>
${await Promise.all(comparePlots(comparison.grouping).map((plot) => chartFigure(plot.spec)))}`);
  }
  parts.push(safeHtml`<h2>Cells</h2>
${pager("cells", cellPage.page, cellPage.pages, params)}
${
    htmlTable(["cell", "setting", "status", "outcome", "run", "seconds"], cells, {
      sortable: true,
      id: "cells",
    })
  }`);
  return safeHtml`${parts.map((part, i) => [i ? "\n" : "", part])}`;
}
