/**
 * The viewer's start page: the recorded runs, newest first, a page at a time, with what each
 * stage did and its key numbers, links to each artifact's files and to the evaluation pages;
 * then the sweeps with their cells' outcomes, also paged. Only the shown page's records are
 * read, so a root of 100,000 runs answers as fast as one of 100. Tables sort by a click on a
 * column (within the page).
 */
import { readRunRecord, type RunRecord } from "../store/run_record.ts";
import { keyMetricsOf, keyMetricsText } from "../store/stage_summary.ts";
import { readSweepRecord, type SweepRecord } from "../store/sweep_record.ts";
import { isArtifactId, isRunId } from "../store/ids.ts";
import { type Html, htmlTable, safeHtml } from "../render/html.ts";
import { pageOf, pageParam, pager, recordIds } from "./paging.ts";

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

async function runRow(root: string, run: RunRecord): Promise<Html[]> {
  const stages: Html[] = [];
  const numbers: Html[] = [];
  for (const stage of run.stages) {
    stages.push(
      safeHtml`${stages.length ? safeHtml`<br>` : ""}${stage.stage}: ${
        artifactLink(stage.kind, stage.id)
      } ${stage.outcome}`,
    );
    const text = keyMetricsText(await keyMetricsOf(root, stage.kind, stage.id));
    if (text) numbers.push(safeHtml`${numbers.length ? safeHtml`<br>` : ""}${text}`);
  }
  return [
    safeHtml`${run.id}`,
    safeHtml`<code>${run.command.join(" ") || "(defaults)"}</code>`,
    statusCell(run),
    safeHtml`${stages}`,
    safeHtml`${numbers}`,
    safeHtml`${run.stages.reduce((s, stage) => s + stage.seconds, 0).toFixed(1)}`,
  ];
}

function sweepRow(sweep: SweepRecord): Html[] {
  return [
    safeHtml`<a href="/sweep/${sweep.id}">${sweep.id}</a>`,
    safeHtml`${sweep.grid.profile}`,
    safeHtml`${
      sweep.grid.axes.filter((a) => a.values.length > 1).map((a) => `--${a.flag} ${a.values.join(",")}`).join(
        " ",
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
  const rows: Html[][] = [];
  for (const run of runs) rows.push(await runRow(root, run));
  const sweepIds = await recordIds(root, "sweeps", isArtifactId);
  const sweepPage = pageOf(sweepIds, pageParam(params, "sweeps"));
  const sweeps = await readSome(sweepPage.items, (id) => readSweepRecord(root, id), warnings);
  return safeHtml`<h1>Runs</h1>
<p>Artifact root <code>${root}</code>: ${runIds.length} run(s), ${sweepIds.length} sweep(s).</p>
${warnings.map((w) => safeHtml`<p class="error">${w}</p>\n`)}${
    runIds.length === 0
      ? safeHtml`<p>No runs recorded yet: <code>deno task all</code> makes one.</p>`
      : safeHtml`${pager("page", runPage.page, runPage.pages, params)}
${
        htmlTable(["run", "command", "status", "stages", "key numbers", "seconds"], rows, {
          sortable: true,
          id: "runs",
        })
      }
${pager("page", runPage.page, runPage.pages, params)}`
  }
<h2>Sweeps</h2>
${
    sweepIds.length === 0
      ? safeHtml`<p>No sweeps yet: <code>deno task sweep --seed 1,2,3</code> runs one.</p>`
      : safeHtml`${pager("sweeps", sweepPage.page, sweepPage.pages, params)}
${
        htmlTable(["sweep", "profile", "swept", "status", "ok", "failed", "cells"], sweeps.map(sweepRow), {
          sortable: true,
          id: "sweeps",
        })
      }`
  }`;
}
