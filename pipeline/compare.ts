/**
 * compare: runs side by side, one row per configuration (runs that differ only in their
 * training or evaluation seed are one), each headline metric as mean ± std over them with the
 * 95 % interval of the mean (Student t, n − 1 degrees of freedom), and n. Only the params that
 * vary get a column.
 *
 *   deno task compare <sweep-id | run-id…> [--baseline FLAG=VALUE[,…]] [--json | --csv] [--out DIR] [--artifacts DIR]
 *
 * --baseline names one configuration (e.g. latent-dim=2); every other one gets, per metric,
 * the difference of means, its 95 % Welch interval and a two-sided p-value, Holm-corrected
 * over all the differences tested; below 3 runs per side: "too few seeds to judge".
 *
 * Metrics: final val_loss, sampled −ELBO, mean-decode reconstruction, the gap between them
 * (nats), single-pass RMS against the mean decode, mean pixel variance, the importance-
 * weighted bound, active latent dimensions. Writes table.txt, table.csv, table.json and a
 * PNG plot of each metric against each numeric varying param (bars: the 95 % interval of the
 * mean) with the Vega-Lite spec it was drawn from (<plot>.vl.json, to restyle) to --out
 * (default artifacts/compare/<sweep-id>/). For a latent-study sweep it also writes the study
 * (artifacts/studies/<sweep-id>/study.md), with the cells finished so far.
 */
import { type Command, commandMain } from "../lib/core/cli/main.ts";
import {
  compareRuns,
  comparisonCsv,
  comparisonJson,
  comparisonText,
  defaultCompareDir,
  writeComparison,
} from "../lib/tools/compare/comparison.ts";
import { parseCommandLine, stringFlag } from "../lib/core/cli/flags.ts";
import { DEFAULT_ARTIFACTS_ROOT } from "../lib/core/store/artifact_store.ts";
import { writeLatentStudy } from "../lib/tools/compare/latent_study.ts";
import { parseBaselineSpec } from "../lib/tools/compare/baseline.ts";
import { SWEEP_PROFILES } from "../lib/tools/sweep/sweep_profiles.ts";
import type { FlagOptions } from "../lib/core/cli/flags.ts";
import { optionLines } from "../lib/core/cli/flag_help.ts";
import { FLAG_NOTES } from "../lib/core/cli/flag_notes.ts";

const OPTIONS = {
  json: { type: "boolean" },
  csv: { type: "boolean" },
  out: { type: "string" },
  baseline: { type: "string" },
  artifacts: { type: "string" },
} as const satisfies FlagOptions;

const USAGE =
  "usage: deno task compare <sweep-id | run-id…> [--baseline FLAG=VALUE[,…]] [--json | --csv] [--out DIR] [--artifacts DIR]";

async function compare(args: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseCommandLine(args, OPTIONS, "compare", true);
  } catch (e) {
    throw new RangeError(`${(e as Error).message} (${USAGE})`);
  }
  const { positionals: refs, values } = parsed;
  if (refs.length === 0) throw new RangeError(`expected a sweep id or run ids (${USAGE})`);
  if (values.json && values.csv) throw new RangeError(`--json and --csv: pick one (${USAGE})`);
  const root = stringFlag(values, "artifacts") ?? DEFAULT_ARTIFACTS_ROOT;
  const baseline = stringFlag(values, "baseline");
  if (baseline !== undefined) parseBaselineSpec(baseline);
  const comparison = await compareRuns(root, refs, baseline);
  const dir = stringFlag(values, "out") ?? defaultCompareDir(root, comparison, refs);
  const plots = await writeComparison(dir, comparison);
  if (values.json) {
    console.log(JSON.stringify(comparisonJson(comparison, { dir }), null, 2));
    return;
  }
  if (values.csv) {
    console.log(comparisonCsv(comparison).trimEnd());
    return;
  }
  console.log(`${comparison.source}: ${comparison.grouping.configurations.length} configuration(s)`);
  console.log(comparisonText(comparison));
  for (const line of comparison.missing) console.log(`not compared: ${line}`);
  console.log(`table and ${plots.length} plot(s): ${dir}`);
  if (comparison.profile !== undefined && SWEEP_PROFILES[comparison.profile]?.study === "latent-size") {
    console.log(`latent-size study: ${await writeLatentStudy(root, comparison)}`);
  }
}

/** `deno task compare`. */
export const compareCommand: Command = {
  name: "compare",
  kind: "stage",
  flags: () => [{
    title: "compare <sweep-id | run-id…>",
    flags: optionLines(OPTIONS, {
      ...FLAG_NOTES,
      json: { about: "print every configuration and run as JSON" },
      out: { about: "where the tables and plots go", value: "DIR", default: "artifacts/compare/<sweep-id>/" },
    }),
  }],
  run: compare,
};

if (import.meta.main) await commandMain(compareCommand);
