/**
 * A comparison as a table: one row per configuration, a column for each param that varies
 * (DVC's --only-changed), then n and each headline metric as mean ± std [95 % interval of the
 * mean]. As aligned text, as CSV (mean, std and interval ends in separate columns), and as
 * JSON (everything, runs included).
 */
import type { MeanInterval } from "../stats/mean_interval.ts";
import type { Configuration, Grouping } from "./configurations.ts";
import { HEADLINE_METRICS } from "./measured_run.ts";
import type { MeanStd } from "./mean_std.ts";

/** What the table's cells mean, printed under it. */
export const TABLE_LEGEND =
  "Cells: mean ± std over the n runs [95 % interval of the mean: Student t, n − 1 degrees of freedom]; " +
  "no interval for n = 1.";

/** A number to about four significant digits, "—" when not finite. */
export function number(v: number): string {
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
 * assert.equal(meanStdText({ mean: 32, std: 0, n: 3 }), "32 ± 0");
 * ```
 */
export function meanStdText(stats: MeanStd): string {
  const mean = meanText(stats);
  if (stats.n < 2 || !Number.isFinite(stats.std)) return mean;
  const decimals = /e/.test(mean) ? 3 : (mean.split(".")[1] ?? "").length;
  return `${mean} ± ${stats.std.toFixed(decimals)}`;
}

/**
 * The mean as {@link number} writes it, but without decimals when it and the std are whole
 * numbers (a count such as active units, the same in every run): "32", not "32.000".
 */
function meanText(stats: MeanStd): string {
  const whole = Number.isInteger(stats.mean) && (stats.n < 2 || Number.isInteger(stats.std));
  return whole ? String(stats.mean) : number(stats.mean);
}

/** "x" with as many decimals as `like` has (three significant digits for exponent notation). */
export function sameDecimals(x: number, like: string): string {
  if (!Number.isFinite(x)) return "—";
  return /e/.test(like) ? x.toPrecision(3) : x.toFixed((like.split(".")[1] ?? "").length);
}

/**
 * "101.59 ± 0.11 [101.32, 101.86]": {@link meanStdText} and the interval of the mean, its
 * ends to as many decimals as the mean; just the mean when n < 2.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanIntervalText } from "./compare_table.ts";
 * const stats = { mean: 101.5934, std: 0.1123, n: 3, level: 0.95, low: 101.3144, high: 101.8724 };
 * assert.equal(meanIntervalText(stats), "101.59 ± 0.11 [101.31, 101.87]");
 * ```
 */
export function meanIntervalText(stats: MeanInterval): string {
  const text = meanStdText(stats);
  if (stats.n < 2 || !Number.isFinite(stats.low)) return text;
  const mean = meanText(stats);
  return `${text} [${sameDecimals(stats.low, mean)}, ${sameDecimals(stats.high, mean)}]`;
}

/** The header and rows of `grouping`'s table, cells as text. */
export function tableRows(grouping: Grouping): { header: string[]; rows: string[][] } {
  const header = [...grouping.varying, "n", "seeds", ...HEADLINE_METRICS.map((m) => m.label)];
  const rows = grouping.configurations.map((c) => [
    ...grouping.varying.map((flag) => String(c.setting[flag] ?? "")),
    String(c.runs.length),
    c.trainingSeeds.join(","),
    ...HEADLINE_METRICS.map((m) => meanIntervalText(c.stats[m.key]!)),
  ]);
  return { header, rows };
}

/** `header` and `rows` as aligned text columns under a dashed rule. */
export function alignedText(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** The table as aligned text, one configuration per line, and the legend under it. */
export function compareText(grouping: Grouping): string {
  const { header, rows } = tableRows(grouping);
  return `${alignedText(header, rows)}\n${TABLE_LEGEND}`;
}

/** One CSV cell, quoted when it holds a comma, quote or newline. */
export function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Columns appended to each CSV row (e.g. the differences against a baseline). */
export interface ExtraCsvColumns {
  header: string[];
  cells: (configuration: Configuration) => string[];
}

/**
 * The table as CSV: varying params, n, seeds, then per metric `<metric>_mean`, `_std`,
 * `_ci95_low` and `_ci95_high` (the interval of the mean; empty when n < 2), then `extra`'s.
 */
export function compareCsv(grouping: Grouping, extra?: ExtraCsvColumns): string {
  const header = [
    ...grouping.varying,
    "n",
    "seeds",
    ...HEADLINE_METRICS.flatMap((m) => ["mean", "std", "ci95_low", "ci95_high"].map((s) => `${m.key}_${s}`)),
    ...extra?.header ?? [],
  ];
  const cell = (v: number) => Number.isFinite(v) ? String(v) : "";
  const rows = grouping.configurations.map((c) => [
    ...grouping.varying.map((flag) => String(c.setting[flag] ?? "")),
    String(c.runs.length),
    c.trainingSeeds.join(" "),
    ...HEADLINE_METRICS.flatMap((m) => {
      const stats = c.stats[m.key]!;
      return [String(stats.mean), String(stats.std), cell(stats.low), cell(stats.high)];
    }),
    ...extra?.cells(c) ?? [],
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
    statistics: TABLE_LEGEND,
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
