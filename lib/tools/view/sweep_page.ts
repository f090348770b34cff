/**
 * A sweep's page: its comparison (one row per configuration, mean ± std [95 % interval of the
 * mean] over seeds, only the varying params) with the table's legend, a choice of baseline
 * that adds each configuration's difference from it (lib/tools/compare/baseline.ts), the plots in a
 * grid, and its cells with their outcomes, each linking to its run's evaluation, a page at a
 * time.
 */
import { compareRuns } from "../compare/comparison.ts";
import { comparePlots } from "../compare/compare_plots.ts";
import { TABLE_LEGEND, tableRows } from "../compare/compare_table.ts";
import { compareToBaseline } from "../compare/baseline.ts";
import { baselineHeading, baselineRows } from "../compare/baseline_table.ts";
import type { Grouping } from "../compare/configurations.ts";
import { readSweepRecord, type SweepRecord } from "../../core/store/sweep_record.ts";
import { readRunRecord } from "../../core/store/run_record.ts";
import { isRunId } from "../../core/store/ids.ts";
import { type Html, htmlTable, safeHtml } from "../../core/render/html.ts";
import { chartFigure } from "../../core/render/chart_figure.ts";
import { pageOf, pageParam, pager } from "./paging.ts";

/** A configuration's baseline spec, "flag=value,…" over the varying flags (what ?baseline= takes). */
function specOf(setting: Record<string, string | number>, varying: readonly string[]): string {
  return varying.map((flag) => `${flag}=${setting[flag]}`).join(",");
}

/** The baseline choice (a form GET, no script) and, when one is chosen, the differences from it. */
function baselineSection(grouping: Grouping, chosen: string | null): Html {
  if (grouping.varying.length === 0 || grouping.configurations.length < 2) return safeHtml``;
  const specs = grouping.configurations.map((c) => specOf(c.setting, grouping.varying));
  const options = specs.map((spec) =>
    safeHtml`<option value="${spec}"${spec === chosen ? safeHtml` selected` : ""}>${spec}</option>`
  );
  const form = safeHtml`<form method="get" class="inline" id="baseline-form">
<label>Baseline <select name="baseline"><option value="">none</option>${options}</select></label>
<button type="submit">Compare against it</button>
</form>`;
  if (!chosen) return safeHtml`<h2>Against a baseline</h2>\n${form}`;
  let table: Html;
  try {
    const comparison = compareToBaseline(grouping, chosen);
    const { header, rows } = baselineRows(grouping, comparison);
    table = safeHtml`<p class="legend">${baselineHeading(comparison)}</p>
${
      htmlTable(header, rows, {
        sortable: true,
        id: "baseline",
        columnClasses: header.map((h) => h === "verdict" ? "why" : h === "metric" ? "label" : undefined),
      })
    }`;
  } catch (e) {
    table = safeHtml`<p class="error">${(e as Error).message.split("\n")[0]}</p>`;
  }
  return safeHtml`<h2>Against a baseline</h2>\n${form}\n${table}`;
}

/** The evaluation each shown cell's run made, by run id (absent when its record cannot be read). */
async function evaluationsOf(root: string, runIds: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const id of runIds) {
    if (!isRunId(id)) continue;
    const run = await readRunRecord(root, id).catch(() => undefined);
    const evaluation = run?.stages.findLast((stage) => stage.kind === "evaluate")?.id;
    if (evaluation !== undefined) found.set(id, evaluation);
  }
  return found;
}

/** The cells table of one page of `record`'s cells, each run linking to its evaluation. */
async function cellsTable(root: string, cells: SweepRecord["cells"]): Promise<Html> {
  const evaluations = await evaluationsOf(root, cells.flatMap((cell) => cell.runId ? [cell.runId] : []));
  const rows = cells.map((cell) => {
    const evaluation = cell.runId ? evaluations.get(cell.runId) : undefined;
    return [
      String(cell.index + 1),
      Object.entries(cell.setting).map(([f, v]) => `--${f} ${v}`).join(" "),
      cell.status === "failed" ? safeHtml`<span class="failed">failed</span>` : cell.status,
      cell.outcome ?? cell.error ?? "",
      evaluation
        ? safeHtml`<a href="/evaluation/${evaluation}" title="this cell's evaluation">${cell.runId}</a>`
        : cell.runId ?? "",
      cell.seconds?.toFixed(1) ?? "",
    ];
  });
  return htmlTable(["cell", "setting", "status", "outcome", "run (its evaluation)", "seconds"], rows, {
    sortable: true,
    id: "cells",
  });
}

/**
 * The body of sweep `id`'s page under `root`; `params` holds the cells' page number
 * (`cells`) and the chosen baseline (`baseline`).
 */
export async function sweepBody(root: string, id: string, params = new URLSearchParams()): Promise<Html> {
  const record = await readSweepRecord(root, id);
  const cellPage = pageOf(record.cells, pageParam(params, "cells"));
  const ok = record.cells.filter((cell) => cell.status === "ok").length;
  const parts: Html[] = [safeHtml`<h1>Sweep ${id}</h1>
<p class="meta">Profile ${record.grid.profile}, ${record.status}: ${ok} of ${record.cells.length} cell(s) ok.</p>`];
  if (ok > 0) {
    const comparison = await compareRuns(root, [id]);
    const { header, rows } = tableRows(comparison.grouping);
    parts.push(safeHtml`<h2>Comparison</h2>
${htmlTable(header, rows, { sortable: true, id: "comparison" })}
<p class="legend">${TABLE_LEGEND}</p>
${baselineSection(comparison.grouping, params.get("baseline"))}
<h2>Plots</h2>
<div class="grid" id="plots">
${await Promise.all(comparePlots(comparison.grouping).map((plot) => chartFigure(plot.spec)))}</div>`);
  }
  parts.push(safeHtml`<h2>Cells</h2>
${pager("cells", cellPage.page, cellPage.pages, params)}
${await cellsTable(root, cellPage.items)}`);
  return safeHtml`${parts.map((part, i) => [i ? "\n" : "", part])}`;
}
