/**
 * A sweep's page: its comparison (one row per configuration, mean ± std over seeds, only the
 * varying params), the plots inline as SVG, and every cell with its outcome and run.
 */
import { compareRuns } from "../compare/comparison.ts";
import { comparePlots } from "../compare/compare_plots.ts";
import { tableRows } from "../compare/compare_table.ts";
import { readSweepRecord } from "../store/sweep_record.ts";
import { escapeHtml, htmlTable } from "../render/html.ts";
import { SORT_SCRIPT } from "./runs_page.ts";

/** The body of sweep `id`'s page under `root`. */
export async function sweepBody(root: string, id: string): Promise<string> {
  const record = await readSweepRecord(root, id);
  const cells = record.cells.map((cell) => [
    escapeHtml(String(cell.index + 1)),
    escapeHtml(Object.entries(cell.setting).map(([f, v]) => `--${f} ${v}`).join(" ")),
    cell.status === "failed" ? `<span class="failed">failed</span>` : escapeHtml(cell.status),
    escapeHtml(cell.outcome ?? cell.error ?? ""),
    escapeHtml(cell.runId ?? ""),
    escapeHtml(cell.seconds?.toFixed(1) ?? ""),
  ]);
  const parts = [
    `<h1>Sweep ${escapeHtml(id)}</h1>`,
    `<p>Profile ${escapeHtml(record.grid.profile)}, ${record.status}.</p>`,
  ];
  if (record.cells.some((cell) => cell.status === "ok")) {
    const comparison = await compareRuns(root, [id]);
    const { header, rows } = tableRows(comparison.grouping);
    parts.push(
      `<h2>Comparison</h2>`,
      htmlTable(header, rows.map((row) => row.map(escapeHtml)), { sortable: true, id: "comparison" }),
      `<h2>Plots</h2>`,
      ...comparePlots(comparison.grouping).map((plot) => `<figure>${plot.svg}</figure>`),
    );
  }
  parts.push(
    `<h2>Cells</h2>`,
    htmlTable(["cell", "setting", "status", "outcome", "run", "seconds"], cells, {
      sortable: true,
      id: "cells",
    }),
    `<script>${SORT_SCRIPT}</script>`,
  );
  return parts.join("\n");
}
