/**
 * A comparison as a table: one row per configuration, a column for each param that varies
 * (DVC's --only-changed), then n and each headline metric as mean ± std [95 % interval of the
 * mean]. As aligned text, as CSV (mean, std and interval ends in separate columns), and as
 * JSON (everything, runs included).
 */
import { type Configuration, type Grouping } from "./configurations.ts";
import { HEADLINE_METRICS } from "./measured_run.ts";
import { meanIntervalText } from "./stat_text.ts";

/** What the table's cells mean, printed under it. */
export const TABLE_LEGEND =
  "Cells: mean ± std over the n runs [95 % interval of the mean: Student t, n − 1 degrees of freedom]; " +
  "no interval for n = 1.";

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
