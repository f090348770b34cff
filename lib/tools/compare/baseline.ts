/**
 * A comparison against a baseline configuration: per other configuration and headline metric,
 * the difference of means (other − baseline), its 95 % Welch interval and a two-sided p-value,
 * the p-values Holm-corrected together (every metric of every configuration is one test).
 * Below 3 runs on a side no interval or p-value is given: "too few seeds to judge".
 */
import { holmAdjust } from "../../core/stats/holm.ts";
import { welchTest } from "../../core/stats/welch.ts";
import type { Configuration, Grouping } from "./configurations.ts";
import { HEADLINE_METRICS, SEED_FLAGS } from "./measured_run.ts";

/** Runs per side below which no difference is judged. */
export const MIN_RUNS_TO_JUDGE = 3;

/** How one difference was judged. */
export type Judgement =
  /** Interval and p-value given. */
  | "tested"
  /** Fewer than {@link MIN_RUNS_TO_JUDGE} runs on a side. */
  | "too few seeds"
  /** Every run of both sides gave the same value: the spread is a known zero, there is nothing to test. */
  | "no spread";

/** One configuration's metric against the baseline's. */
export interface BaselineDifference {
  configuration: Configuration;
  metric: string;
  /** Mean of the configuration − mean of the baseline. */
  difference: number;
  judgement: Judgement;
  /** 95 % Welch interval of the difference and its degrees of freedom (when tested). */
  low?: number;
  high?: number;
  df?: number;
  /** Two-sided p-value, and Holm-corrected over every tested difference (when tested). */
  p?: number;
  pHolm?: number;
}

/** A grouping compared against one of its configurations. */
export interface BaselineComparison {
  /** The `--baseline` text, e.g. "latent-dim=2". */
  spec: string;
  baseline: Configuration;
  differences: BaselineDifference[];
  /** How many differences were tested: the size of the Holm family. */
  tests: number;
}

/**
 * "flag=value[,flag=value…]" as pairs. RangeError naming --baseline for anything else.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseBaselineSpec } from "./baseline.ts";
 * assert.deepEqual(parseBaselineSpec("latent-dim=2,epochs=3"), [["latent-dim", "2"], ["epochs", "3"]]);
 * ```
 */
export function parseBaselineSpec(spec: string): [string, string][] {
  const pairs = spec.split(",").map((part) => /^(?:--)?([a-z0-9-]+)=(.+)$/.exec(part.trim()));
  if (pairs.some((m) => m === null)) {
    throw new RangeError(
      `--baseline ${
        JSON.stringify(spec)
      }: expected flag=value pairs separated by commas, e.g. --baseline latent-dim=2`,
    );
  }
  return pairs.map((m) => [m![1]!, m![2]!]);
}

function settingText(c: Configuration, flags: readonly string[]): string {
  return flags.map((flag) => `${flag}=${c.setting[flag]}`).join(",");
}

/**
 * The configuration of `grouping` that `spec` names; RangeError naming --baseline and the
 * choices otherwise, and for a seed flag (seeds are pooled) or runs of a single configuration.
 */
export function findBaseline(grouping: Grouping, spec: string): Configuration {
  const pairs = parseBaselineSpec(spec);
  const varying = grouping.varying.length === 0
    ? "none varies between these runs"
    : `the settings that vary here: ${grouping.varying.join(", ")}`;
  const seed = pairs.find(([flag]) => SEED_FLAGS.includes(flag));
  if (seed !== undefined) {
    throw new RangeError(
      `--baseline ${spec}: --${
        seed[0]
      } is a seed, and seeds are pooled within a configuration; --baseline names a configuration setting (${varying})`,
    );
  }
  if (grouping.configurations.length < 2) {
    throw new RangeError(
      `--baseline ${spec}: these runs are one configuration (seeds are pooled within it; ${varying}), ` +
        `so there is nothing to compare against; give runs of two or more configurations, e.g. a sweep over --latent-dim`,
    );
  }
  const matches = grouping.configurations.filter((c) =>
    pairs.every(([flag, value]) => c.setting[flag] !== undefined && String(c.setting[flag]) === value)
  );
  const choices = grouping.configurations.map((c) => settingText(c, grouping.varying)).join("; ");
  if (matches.length === 0) {
    throw new RangeError(
      `--baseline ${spec}: no configuration has that setting; the configurations: ${choices}`,
    );
  }
  if (matches.length > 1) {
    throw new RangeError(
      `--baseline ${spec}: ${matches.length} configurations match; name one with the varying flags (${
        grouping.varying.join(", ")
      }): ${choices}`,
    );
  }
  return matches[0]!;
}

/** Every other configuration of `grouping` against the one `spec` names. */
export function compareToBaseline(grouping: Grouping, spec: string): BaselineComparison {
  const baseline = findBaseline(grouping, spec);
  const differences: BaselineDifference[] = [];
  for (const configuration of grouping.configurations) {
    if (configuration === baseline) continue;
    for (const metric of HEADLINE_METRICS) {
      const a = baseline.stats[metric.key]!;
      const b = configuration.stats[metric.key]!;
      const difference = b.mean - a.mean;
      const row = { configuration, metric: metric.key, difference };
      if (a.n < MIN_RUNS_TO_JUDGE || b.n < MIN_RUNS_TO_JUDGE) {
        differences.push({ ...row, judgement: "too few seeds" });
        continue;
      }
      const welch = welchTest(a, b);
      if (Number.isNaN(welch.p)) {
        differences.push({ ...row, judgement: "no spread" });
        continue;
      }
      differences.push({
        ...row,
        judgement: "tested",
        low: welch.low,
        high: welch.high,
        df: welch.df,
        p: welch.p,
      });
    }
  }
  const tested = differences.filter((d) => d.judgement === "tested");
  holmAdjust(tested.map((d) => d.p!)).forEach((pHolm, i) => tested[i]!.pHolm = pHolm);
  return { spec, baseline, differences, tests: tested.length };
}
