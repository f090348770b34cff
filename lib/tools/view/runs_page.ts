/**
 * The runs page: the recorded runs, newest first, a page at a time, one row each: the command
 * with its task, its status, a column per param that differs between the runs shown and per
 * key number, what each stage did with links to each artifact's files and to the evaluation
 * pages; an A and a B choice per row open the compare page of the two (a plain form, no
 * script). Then the sweeps with their cells' outcomes, also paged. Only the shown page's
 * records are read, so a root of 100,000 runs answers as fast as one of 100. Tables sort by
 * a click on a column (within the page).
 */
import { readRunRecord, type RunRecord } from "../../core/store/run_record.ts";
import { type KeyMetrics, keyMetricsOf } from "../../core/store/stage_summary.ts";
import { readSweepRecord, type SweepRecord } from "../../core/store/sweep_record.ts";
import { isArtifactId, isRunId } from "../../core/store/ids.ts";
import { type Html, htmlTable, safeHtml } from "../../core/render/html.ts";
import { pageOf, pageParam, pager, recordIds } from "./paging.ts";
import { runCommand, varyingParams } from "./run_columns.ts";

/** A link to the viewer page of artifact `kind`/`id`: an evaluation page or its manifest. */
export function artifactLink(kind: string, id: string): Html {
  const href = kind === "evaluate" ? `/evaluation/${id}` : `/files/${kind}/${id}/manifest.json`;
  return safeHtml`<a href="${href}">${kind} ${id}</a>`;
}

/** A run's status as shown: "ok", FAILED with its error, or whatever other status it records. */
function statusCell(run: RunRecord): Html {
  const status = String(run.status ?? "ok");
  if (status === "ok") return safeHtml`ok`;
  const error = run.error ? safeHtml`: ${run.error}` : "";
  return status === "failed"
    ? safeHtml`<span class="failed">FAILED</span>${error}`
    : safeHtml`<span class="failed">${status}</span>${error}`;
}

/** The key numbers of a run: its model's val_loss, its evaluation's −ELBO and single-pass RMS. */
async function runNumbers(root: string, run: RunRecord): Promise<KeyMetrics> {
  const numbers: KeyMetrics = {};
  for (const stage of run.stages) Object.assign(numbers, await keyMetricsOf(root, stage.kind, stage.id));
  return numbers;
}

/** The key numbers' columns: header and how each is shown. */
const NUMBER_COLUMNS: { header: string; show: (m: KeyMetrics) => string }[] = [
  { header: "val_loss", show: (m) => m.valLoss?.toFixed(3) ?? "" },
  { header: "−ELBO", show: (m) => m.negElbo?.toFixed(3) ?? "" },
  { header: "single-pass RMS", show: (m) => m.singlePassRms?.toFixed(4) ?? "" },
];

/** The A and B choices of a run's row: the compare form's `a` and `b`. */
function pickCells(run: RunRecord): Html[] {
  return ["a", "b"].map((side) =>
    safeHtml`<input type="radio" name="${side}" value="${run.id}" required aria-label="${side.toUpperCase()}: run ${run.id}">`
  );
}

async function runRows(
  root: string,
  runs: RunRecord[],
): Promise<{ header: string[]; classes: (string | undefined)[]; rows: Html[][] }> {
  const params = varyingParams(runs);
  const rows: Html[][] = [];
  for (const [i, run] of runs.entries()) {
    const numbers = await runNumbers(root, run);
    const stages = run.stages.map((stage, s) =>
      safeHtml`${s ? safeHtml`<br>` : ""}${stage.stage}: ${
        artifactLink(stage.kind, stage.id)
      } ${stage.outcome}`
    );
    rows.push([
      ...pickCells(run),
      safeHtml`${run.id}`,
      statusCell(run),
      ...params.map((column) => safeHtml`${column.values[i] ?? ""}`),
      ...NUMBER_COLUMNS.map((column) => safeHtml`${column.show(numbers)}`),
      safeHtml`${run.stages.reduce((sum, stage) => sum + stage.seconds, 0).toFixed(1)}`,
      safeHtml`<code>${runCommand(run)}</code>`,
      safeHtml`${stages}`,
    ]);
  }
  const columns: [string, string | undefined][] = [
    ["A", "pick"],
    ["B", "pick"],
    ["run", "id"],
    ["status", undefined],
    ...params.map((column): [string, undefined] => [column.header, undefined]),
    ...NUMBER_COLUMNS.map((column): [string, undefined] => [column.header, undefined]),
    ["seconds", undefined],
    ["command", "command"],
    ["stages", "stages"],
  ];
  return { header: columns.map(([name]) => name), classes: columns.map(([, c]) => c), rows };
}

function sweepRow(sweep: SweepRecord): Html[] {
  return [
    safeHtml`<a href="/sweep/${sweep.id}">${sweep.id}</a>`,
    safeHtml`${sweep.grid.profile}`,
    // One piece per swept flag, each kept on one line.
    safeHtml`${
      sweep.grid.axes.filter((a) => a.values.length > 1).map((a, i) =>
        safeHtml`${i ? " " : ""}<code>--${a.flag} ${a.values.join(",")}</code>`
      )
    }`,
    safeHtml`${sweep.status}`,
    safeHtml`${sweep.cells.filter((c) => c.status === "ok").length}`,
    safeHtml`${sweep.cells.filter((c) => c.status === "failed").length}`,
    safeHtml`${sweep.cells.length}`,
  ];
}

/** Reads the records of `ids` with `read`; one that cannot be read goes to `warnings` and is left out. */
async function readSome<T>(
  ids: string[],
  read: (id: string) => Promise<T>,
  warnings: string[],
): Promise<T[]> {
  const records: T[] = [];
  for (const id of ids) {
    try {
      records.push(await read(id));
    } catch (e) {
      warnings.push(`skipped: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  return records;
}

/** The runs page's body under artifact root `root`; `params` holds the page numbers (`page`, `sweeps`). */
export async function runsBody(root: string, params = new URLSearchParams()): Promise<Html> {
  const warnings: string[] = [];
  const runIds = await recordIds(root, "runs", isRunId);
  const runPage = pageOf(runIds, pageParam(params, "page"));
  const runs = await readSome(runPage.items, (id) => readRunRecord(root, id), warnings);
  const { header, classes, rows } = await runRows(root, runs);
  const button = safeHtml`<button type="submit">Compare the runs marked A and B</button>`;
  const sweepIds = await recordIds(root, "sweeps", isArtifactId);
  const sweepPage = pageOf(sweepIds, pageParam(params, "sweeps"));
  const sweeps = await readSome(sweepPage.items, (id) => readSweepRecord(root, id), warnings);
  return safeHtml`<h1>Runs</h1>
<p class="meta">Artifact root <code>${root}</code>: ${runIds.length} run(s), ${sweepIds.length} sweep(s), newest first.</p>
${warnings.map((w) => safeHtml`<p class="error">${w}</p>\n`)}${
    runIds.length === 0
      ? safeHtml`<p>No runs recorded yet: <code>deno task all</code> makes one.</p>`
      : safeHtml`<form method="get" action="/compare" id="pick">
<p class="meta">Click a column's name to sort by it. Mark one run A and one B to compare them:</p>
<p>${button}</p>
${pager("page", runPage.page, runPage.pages, params)}
${
        htmlTable(header, rows, {
          sortable: true,
          id: "runs",
          columnClasses: classes,
        })
      }
${pager("page", runPage.page, runPage.pages, params)}
</form>`
  }
<h2 id="sweeps">Sweeps</h2>
${
    sweepIds.length === 0
      ? safeHtml`<p>No sweeps yet: <code>deno task sweep --seed 1,2,3</code> runs one.</p>`
      : safeHtml`${pager("sweeps", sweepPage.page, sweepPage.pages, params)}
${
        htmlTable(["sweep", "profile", "swept", "status", "ok", "failed", "cells"], sweeps.map(sweepRow), {
          sortable: true,
          id: "sweeps",
          columnClasses: ["id", undefined, "swept"],
        })
      }`
  }`;
}
