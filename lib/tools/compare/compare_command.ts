/**
 * `deno task compare`: reads the sweep or run ids and flags, compares the runs, writes tables and
 * plots, and prints the table (or JSON, or CSV).
 */
import type { Command } from "../../core/cli/main.ts";
import {
  compareRuns,
  comparisonCsv,
  comparisonJson,
  comparisonText,
  defaultCompareDir,
  writeComparison,
} from "./comparison.ts";
import { parseCommandLine, stringFlag } from "../../core/cli/flags.ts";
import { DEFAULT_ARTIFACTS_ROOT } from "../../core/store/artifact_read.ts";
import { LATENT_STUDY_PROFILE, writeLatentStudy } from "./latent_study.ts";
import { parseBaselineSpec } from "./baseline.ts";
import type { FlagOptions } from "../../core/cli/flags.ts";
import { optionLines } from "../../core/cli/flag_help.ts";
import { FLAG_NOTES } from "../../core/cli/flag_notes.ts";

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
  if (comparison.profile === LATENT_STUDY_PROFILE) {
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
