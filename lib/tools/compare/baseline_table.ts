/**
 * A comparison against a baseline as a table: per other configuration and metric, the
 * difference of means, its 95 % Welch interval, p and Holm's p, and a verdict in words. As
 * aligned text, as extra CSV columns of the comparison's table, and as JSON.
 */
import type { BaselineComparison, BaselineDifference } from "./baseline.ts";
import { MIN_RUNS_TO_JUDGE } from "./baseline.ts";
import { alignedText } from "./compare_table.ts";
import { number, sameDecimals } from "./stat_text.ts";
import type { Configuration, Grouping } from "./configurations.ts";
import { HEADLINE_METRICS } from "./measured_run.ts";

/** The significance level a Holm-corrected p is read against. */
export const ALPHA = 0.05;

function pText(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : p.toFixed(4);
}

function signed(x: number): string {
  const text = number(x);
  return x > 0 ? `+${text}` : text;
}

function exact(x: number): string {
  return Number.isInteger(x) ? String(x) : number(x);
}

/** One sentence on what `d` shows. */
export function verdictText(d: BaselineDifference, baseline: Configuration): string {
  const n = (c: Configuration) => c.stats[d.metric]!.n;
  switch (d.judgement) {
    case "too few seeds":
      return `too few seeds to judge (n = ${n(d.configuration)} here and ${
        n(baseline)
      } at the baseline; ${MIN_RUNS_TO_JUDGE} per side needed)`;
    case "no spread":
      return d.difference === 0
        ? "the same value in every run of both"
        : `every run gives ${exact(d.configuration.stats[d.metric]!.mean)} here and ${
          exact(baseline.stats[d.metric]!.mean)
        } at the baseline: no spread over seeds, so nothing to test`;
    case "tested":
      return d.pHolm! < ALPHA
        ? `differs (Holm-corrected p < ${ALPHA})`
        : `not shown to differ (Holm-corrected p ≥ ${ALPHA})`;
  }
}

/** The heading sentence of the baseline table: what is compared, and how p is corrected. */
export function baselineHeading(comparison: BaselineComparison): string {
  const n = comparison.baseline.runs.length;
  return `Against the baseline ${comparison.spec} (n = ${n}): each configuration's mean − the baseline's, ` +
    `its 95 % interval (Welch, no equal-variance assumption) and two-sided p; ` +
    `p (Holm) corrects for the ${comparison.tests} differences tested at once (Holm's step-down method).`;
}

/** The header and rows of the baseline comparison's table, cells as text. */
export function baselineRows(
  grouping: Grouping,
  comparison: BaselineComparison,
): { header: string[]; rows: string[][] } {
  const label = new Map(HEADLINE_METRICS.map((m) => [m.key, m.label]));
  const header = [...grouping.varying, "n", "metric", "Δ mean", "95 % interval", "p", "p (Holm)", "verdict"];
  const rows = comparison.differences.map((d) => {
    const delta = signed(d.difference);
    const tested = d.judgement === "tested";
    return [
      ...grouping.varying.map((flag) => String(d.configuration.setting[flag] ?? "")),
      String(d.configuration.stats[d.metric]!.n),
      label.get(d.metric) ?? d.metric,
      delta,
      tested ? `[${sameDecimals(d.low!, delta)}, ${sameDecimals(d.high!, delta)}]` : "—",
      tested ? pText(d.p!) : "—",
      tested ? pText(d.pHolm!) : "—",
      verdictText(d, comparison.baseline),
    ];
  });
  return { header, rows };
}

/** The baseline comparison as aligned text under its heading. */
export function baselineText(grouping: Grouping, comparison: BaselineComparison): string {
  const { header, rows } = baselineRows(grouping, comparison);
  return `${baselineHeading(comparison)}\n${alignedText(header, rows)}`;
}

/** The CSV columns the baseline adds per metric, in order. */
export function baselineCsvHeader(): string[] {
  return HEADLINE_METRICS.flatMap((m) =>
    ["diff", "diff_ci95_low", "diff_ci95_high", "p", "p_holm", "judgement"].map((s) => `${m.key}_${s}`)
  );
}

/** The baseline columns of `configuration`'s CSV row; the baseline's own row says "baseline". */
export function baselineCsvCells(comparison: BaselineComparison, configuration: Configuration): string[] {
  const cell = (v: number | undefined) => v === undefined ? "" : String(v);
  return HEADLINE_METRICS.flatMap((m) => {
    if (configuration === comparison.baseline) return ["", "", "", "", "", "baseline"];
    const d = comparison.differences.find((x) => x.configuration === configuration && x.metric === m.key)!;
    return [String(d.difference), cell(d.low), cell(d.high), cell(d.p), cell(d.pHolm), d.judgement];
  });
}

/** The baseline comparison as a JSON-ready object. */
export function baselineJson(comparison: BaselineComparison): Record<string, unknown> {
  return {
    spec: comparison.spec,
    setting: comparison.baseline.setting,
    n: comparison.baseline.runs.length,
    method: "difference of means (other − baseline); 95 % interval and two-sided p from Welch's t test; " +
      `no test below ${MIN_RUNS_TO_JUDGE} runs per side`,
    correction: `Holm's step-down method over the ${comparison.tests} tested differences`,
    tests: comparison.tests,
    differences: comparison.differences.map((d) => ({
      setting: d.configuration.setting,
      n: d.configuration.stats[d.metric]!.n,
      metric: d.metric,
      difference: d.difference,
      judgement: d.judgement,
      ...(d.judgement === "tested" ? { ci95: [d.low, d.high], df: d.df, p: d.p, pHolm: d.pHolm } : {}),
      verdict: verdictText(d, comparison.baseline),
    })),
  };
}
