/**
 * A comparison of runs, end to end: which runs (a sweep's finished cells or run ids), what
 * each measured, grouped into configurations, optionally tested against a baseline
 * configuration, and the files it writes: table.txt, table.csv, table.json and one PNG plot
 * per metric and numeric varying param, with the Vega-Lite spec it was drawn from.
 */
import { join } from "node:path";
import { canonicalJson } from "../../core/store/artifact_id.ts";
import { writeFileAtomic } from "../../core/store/atomic_write.ts";
import { isRunId } from "../../core/store/ids.ts";
import { readSweepRecord, sweepRecordExists } from "../../core/store/sweep_record.ts";
import { sha256Hex } from "../../core/runtime/hash.ts";
import { groupConfigurations, type Grouping } from "./configurations.ts";
import { comparePlots, writePlot } from "./compare_plots.ts";
import { type BaselineComparison, compareToBaseline } from "./baseline.ts";
import { baselineCsvCells, baselineCsvHeader, baselineJson, baselineText } from "./baseline_table.ts";
import { compareCsv, compareJson, compareText } from "./compare_table.ts";
import { type MeasuredRun, measureRun } from "./measured_run.ts";

/** What was compared and what came of it. */
export interface Comparison {
  /** "sweep <id>" or "runs <id> …". */
  source: string;
  /** The sweep, when comparing one, and its profile. */
  sweepId?: string;
  profile?: string;
  grouping: Grouping;
  /** Cells or runs left out, each with why (a cell that failed or did not run yet). */
  missing: string[];
  /** The differences against `--baseline`, when one was named. */
  baseline?: BaselineComparison;
}

/**
 * Measures the runs that `refs` name under `root`: one sweep id (its finished cells), or run
 * ids. Throws an Error naming the reference when it is neither, or nothing is left to compare.
 */
export async function compareRuns(
  root: string,
  refs: readonly string[],
  baselineSpec?: string,
): Promise<Comparison> {
  const runs: MeasuredRun[] = [];
  const missing: string[] = [];
  let source: string;
  let sweepId: string | undefined;
  let profile: string | undefined;
  if (refs.length === 1 && !isRunId(refs[0]!)) {
    const id = refs[0]!;
    if (!await sweepRecordExists(root, id)) {
      throw new Error(`${id}: neither a sweep id with a record under ${root}/sweeps nor a run id`);
    }
    const record = await readSweepRecord(root, id);
    sweepId = id;
    profile = record.grid.profile;
    source = `sweep ${id}`;
    const swept = record.grid.axes.filter((axis) => axis.values.length > 1).map((axis) => axis.flag);
    for (const cell of record.cells) {
      const label = `cell ${cell.index + 1} (${
        swept.map((flag) => `${flag}=${cell.setting[flag]}`).join(" ")
      })`;
      if (cell.status !== "ok" || cell.runId === undefined) {
        missing.push(`${label}: ${cell.status}${cell.error ? ` — ${cell.error}` : ""}`);
        continue;
      }
      runs.push(await measureRun(root, cell.runId));
    }
  } else {
    const bad = refs.find((ref) => !isRunId(ref));
    if (bad !== undefined) throw new Error(`${bad}: not a run id (compare takes one sweep id or run ids)`);
    source = `runs ${refs.join(" ")}`;
    for (const ref of refs) runs.push(await measureRun(root, ref));
  }
  if (runs.length === 0) throw new Error(`${source}: no finished run to compare`);
  const grouping = groupConfigurations(runs);
  return {
    source,
    ...(sweepId === undefined ? {} : { sweepId }),
    ...(profile === undefined ? {} : { profile }),
    grouping,
    missing,
    ...(baselineSpec === undefined ? {} : { baseline: compareToBaseline(grouping, baselineSpec) }),
  };
}

/** Where a comparison's files go by default: `<root>/compare/<sweep id, or a hash of the run ids>`. */
export function defaultCompareDir(root: string, comparison: Comparison, refs: readonly string[]): string {
  return join(root, "compare", comparison.sweepId ?? sha256Hex(canonicalJson([...refs].sort())).slice(0, 16));
}

/** The comparison's table as text, the baseline's differences under it when there is a baseline. */
export function comparisonText(comparison: Comparison): string {
  const { grouping, baseline } = comparison;
  return baseline === undefined
    ? compareText(grouping)
    : `${compareText(grouping)}\n\n${baselineText(grouping, baseline)}`;
}

/** The comparison's table as CSV, with the baseline's columns when there is a baseline. */
export function comparisonCsv(comparison: Comparison): string {
  const { grouping, baseline } = comparison;
  return baseline === undefined ? compareCsv(grouping) : compareCsv(grouping, {
    header: baselineCsvHeader(),
    cells: (configuration) => baselineCsvCells(baseline, configuration),
  });
}

/** The comparison as a JSON-ready object, `extra` fields first, the baseline's differences last. */
export function comparisonJson(
  comparison: Comparison,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const json = compareJson(comparison.grouping, {
    source: comparison.source,
    missing: comparison.missing,
    ...extra,
  });
  return comparison.baseline === undefined ? json : { ...json, baseline: baselineJson(comparison.baseline) };
}

/**
 * Writes the comparison's table (text, CSV, JSON) and plots (PNG and Vega-Lite spec) to `dir`,
 * each file atomically; returns the plots' PNG paths.
 */
export async function writeComparison(dir: string, comparison: Comparison): Promise<string[]> {
  const { grouping } = comparison;
  await writeFileAtomic(join(dir, "table.txt"), comparisonText(comparison) + "\n");
  await writeFileAtomic(join(dir, "table.csv"), comparisonCsv(comparison));
  await writeFileAtomic(join(dir, "table.json"), JSON.stringify(comparisonJson(comparison), null, 2) + "\n");
  const paths: string[] = [];
  for (const plot of comparePlots(grouping)) {
    paths.push(await writePlot(dir, plot));
  }
  return paths;
}
