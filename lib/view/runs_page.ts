/**
 * The viewer's start page: every recorded run, newest first, with what each stage did and
 * its key numbers, links to each artifact's files and to the evaluation pages; then every
 * sweep with its cells' outcomes. Tables sort by a click on a column.
 */
import { readRunRecords } from "../store/run_record.ts";
import { keyMetricsOf, keyMetricsText } from "../store/stage_summary.ts";
import { readSweepRecords } from "../store/sweep_record.ts";
import { escapeHtml, htmlTable } from "../render/html.ts";

/** Sorts a table with class "sortable" by the clicked column (numbers numerically). */
export const SORT_SCRIPT = `
for (const table of document.querySelectorAll("table.sortable")) {
  table.querySelectorAll("th").forEach((th, column) => th.addEventListener("click", () => {
    const body = table.tBodies[0];
    const key = (row) => row.cells[column].textContent.trim();
    const ascending = th.dataset.order !== "asc";
    th.dataset.order = ascending ? "asc" : "desc";
    const rows = [...body.rows].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      const [nx, ny] = [parseFloat(x), parseFloat(y)];
      const order = Number.isNaN(nx) || Number.isNaN(ny) ? x.localeCompare(y) : nx - ny;
      return ascending ? order : -order;
    });
    body.append(...rows);
  }));
}`;

/** A link to the viewer page of artifact `kind`/`id`: an evaluation page or its manifest. */
export function artifactLink(kind: string, id: string): string {
  const href = kind === "evaluate" ? `/evaluation/${id}` : `/files/${kind}/${id}/manifest.json`;
  return `<a href="${escapeHtml(href)}">${escapeHtml(kind)} ${escapeHtml(id)}</a>`;
}

/** The runs page's body under artifact root `root`. */
export async function runsBody(root: string): Promise<string> {
  const warnings: string[] = [];
  const runs = (await readRunRecords(root, (line) => warnings.push(line))).reverse();
  const rows: string[][] = [];
  for (const run of runs) {
    const stages: string[] = [];
    const numbers: string[] = [];
    for (const stage of run.stages) {
      stages.push(
        `${escapeHtml(stage.stage)}: ${artifactLink(stage.kind, stage.id)} ${escapeHtml(stage.outcome)}`,
      );
      const text = keyMetricsText(await keyMetricsOf(root, stage.kind, stage.id));
      if (text) numbers.push(escapeHtml(text));
    }
    rows.push([
      escapeHtml(run.id),
      `<code>${escapeHtml(run.command.join(" ") || "(defaults)")}</code>`,
      run.status === "failed"
        ? `<span class="failed">FAILED</span>: ${escapeHtml(run.error ?? "")}`
        : escapeHtml(run.status ?? "ok"),
      stages.join("<br>"),
      numbers.join("<br>"),
      escapeHtml(run.stages.reduce((s, stage) => s + stage.seconds, 0).toFixed(1)),
    ]);
  }
  const sweeps = await readSweepRecords(root, (line) => warnings.push(line));
  const sweepRows = sweeps.map((sweep) => [
    `<a href="/sweep/${escapeHtml(sweep.id)}">${escapeHtml(sweep.id)}</a>`,
    escapeHtml(sweep.grid.profile),
    escapeHtml(
      sweep.grid.axes.filter((a) => a.values.length > 1).map((a) => `--${a.flag} ${a.values.join(",")}`)
        .join(" "),
    ),
    escapeHtml(sweep.status),
    escapeHtml(String(sweep.cells.filter((c) => c.status === "ok").length)),
    escapeHtml(String(sweep.cells.filter((c) => c.status === "failed").length)),
    escapeHtml(String(sweep.cells.length)),
  ]);
  return [
    `<h1>Runs</h1>`,
    `<p>Artifact root <code>${
      escapeHtml(root)
    }</code>: ${runs.length} run(s), ${sweeps.length} sweep(s).</p>`,
    ...warnings.map((w) => `<p class="error">${escapeHtml(w)}</p>`),
    runs.length === 0
      ? `<p>No runs recorded yet: <code>deno task all</code> makes one.</p>`
      : htmlTable(["run", "command", "status", "stages", "key numbers", "seconds"], rows, {
        sortable: true,
        id: "runs",
      }),
    `<h2>Sweeps</h2>`,
    sweeps.length === 0
      ? `<p>No sweeps yet: <code>deno task sweep --seed 1,2,3</code> runs one.</p>`
      : htmlTable(["sweep", "profile", "swept", "status", "ok", "failed", "cells"], sweepRows, {
        sortable: true,
        id: "sweeps",
      }),
    `<script>${SORT_SCRIPT}</script>`,
  ].join("\n");
}
