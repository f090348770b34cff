/**
 * A comparison as a table: one row per configuration, a column for each param that varies
 * (DVC's --only-changed), then n and each headline metric as mean ± std. As aligned text,
 * as CSV (mean and std in separate columns), and as JSON (everything, runs included).
 */
import type { Grouping } from "./configurations.ts";
import { HEADLINE_METRICS } from "./measured_run.ts";
import type { MeanStd } from "./mean_std.ts";

function number(v: number): string {
  if (!Number.isFinite(v)) return "—";
  const a = Math.abs(v);
  if (a === 0) return "0";
  if (a >= 100) return v.toFixed(2);
  if (a >= 1) return v.toFixed(3);
  return v.toPrecision(4);
}

/**
 * "101.59 ± 0.11": the std to as many decimals as the mean; left out when n < 2.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanStdText } from "./compare_table.ts";
 * assert.equal(meanStdText({ mean: 101.5934, std: 0.1123, n: 3 }), "101.59 ± 0.11");
 * assert.equal(meanStdText({ mean: 0.0600123, std: 0.00031, n: 3 }), "0.06001 ± 0.00031");
 * ```
 */
export function meanStdText(stats: MeanStd): string {
  const mean = number(stats.mean);
  if (stats.n < 2 || !Number.isFinite(stats.std)) return mean;
  const decimals = /e/.test(mean) ? 3 : (mean.split(".")[1] ?? "").length;
  return `${mean} ± ${stats.std.toFixed(decimals)}`;
}

/** The header and rows of `grouping`'s table, cells as text. */
export function tableRows(grouping: Grouping): { header: string[]; rows: string[][] } {
  const header = [...grouping.varying, "n", "seeds", ...HEADLINE_METRICS.map((m) => m.label)];
  const rows = grouping.configurations.map((c) => [
    ...grouping.varying.map((flag) => String(c.setting[flag] ?? "")),
    String(c.runs.length),
    c.trainingSeeds.join(","),
    ...HEADLINE_METRICS.map((m) => meanStdText(c.stats[m.key]!)),
  ]);
  return { header, rows };
}

/** The table as aligned text, one configuration per line. */
export function compareText(grouping: Grouping): string {
  const { header, rows } = tableRows(grouping);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The table as CSV: varying params, n, seeds, then `<metric>_mean` and `<metric>_std`. */
export function compareCsv(grouping: Grouping): string {
  const header = [
    ...grouping.varying,
    "n",
    "seeds",
    ...HEADLINE_METRICS.flatMap((m) => [`${m.key}_mean`, `${m.key}_std`]),
  ];
  const rows = grouping.configurations.map((c) => [
    ...grouping.varying.map((flag) => String(c.setting[flag] ?? "")),
    String(c.runs.length),
    c.trainingSeeds.join(" "),
    ...HEADLINE_METRICS.flatMap((m) => [String(c.stats[m.key]!.mean), String(c.stats[m.key]!.std)]),
  ]);
  return [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
}

/** The comparison as a JSON-ready object: the metrics' meaning, the varying params, every configuration and run. */
export function compareJson(
  grouping: Grouping,
  source: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    ...source,
    metrics: HEADLINE_METRICS,
    varying: grouping.varying,
    configurations: grouping.configurations.map((c) => ({
      setting: c.setting,
      n: c.runs.length,
      trainingSeeds: c.trainingSeeds,
      stats: c.stats,
      runs: c.runs,
    })),
  };
}
