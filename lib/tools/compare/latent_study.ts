/**
 * The latent-size study: how far one `vae(x)` pass drifts from `decoder(z_mean)` as the
 * latent size grows, from a sweep over latent sizes and training seeds. Writes study.md (the
 * table, mean ± std over seeds with the 95 % interval of the mean, and what it shows, in numbers), table.csv and the plots to
 * `<root>/studies/<sweep-id>/`.
 */
import { join } from "node:path";
import { writeFileAtomic } from "../../core/store/atomic_write.ts";
import type { Configuration } from "./configurations.ts";
import type { Comparison } from "./comparison.ts";
import { compareCsv } from "./compare_table.ts";
import { meanIntervalText } from "./stat_text.ts";
import { comparePlots, writePlot } from "./compare_plots.ts";
import { MIN_RUNS_TO_JUDGE } from "./baseline.ts";
import { ALPHA } from "./baseline_table.ts";
import { holmAdjust } from "../../core/stats/holm.ts";
import { welchTest } from "../../core/stats/welch.ts";

/** The sweep profile whose comparison is also written as the latent-size study (sweep --profile latent-study). */
export const LATENT_STUDY_PROFILE = "latent-study";

/** The metrics the study is about, in table order. */
const STUDY_COLUMNS: { key: string; label: string }[] = [
  { key: "singlePassRms", label: "single-pass RMS vs mean decode" },
  { key: "reconGap", label: "gap: sampled − mean-decode recon (nats)" },
  { key: "pixelVariance", label: "mean pixel variance" },
  { key: "activeUnits", label: "active units" },
  { key: "valLoss", label: "final val_loss" },
  { key: "negElbo", label: "sampled −ELBO" },
  { key: "iwBound", label: "IW bound" },
];

const PLOTTED = ["singlePassRms", "reconGap", "pixelVariance", "activeUnits", "valLoss", "iwBound"];

function mean(c: Configuration, key: string): number {
  return c.stats[key]!.mean;
}

/** The metrics whose direction over latent sizes the findings state, each one Welch test. */
const JUDGED_DIRECTIONS = ["singlePassRms", "reconGap", "pixelVariance"];

/**
 * The direction of `key` from the smallest latent size `a` to the largest `b`, stated only
 * where the seeds support it: Welch's test between the two sizes, its p Holm-corrected over
 * the {@link JUDGED_DIRECTIONS}, below 0.05 (or, with no spread on either side, the means
 * differ); otherwise a phrase saying why no direction is given.
 */
function direction(a: Configuration, b: Configuration, key: string, pHolm: number | undefined): string {
  const sa = a.stats[key]!;
  const sb = b.stats[key]!;
  const sizes = `from latent ${a.setting["latent-dim"]} to latent ${b.setting["latent-dim"]}`;
  const word = sb.mean > sa.mean ? "rises" : "falls";
  if (sa.n < MIN_RUNS_TO_JUDGE || sb.n < MIN_RUNS_TO_JUDGE) {
    return `has no direction stated ${sizes}: too few seeds to judge (n = ${sa.n} and ${sb.n}; ${MIN_RUNS_TO_JUDGE} per side needed)`;
  }
  if (sa.mean === sb.mean) return `stays the same ${sizes}`;
  if (pHolm === undefined) {
    return `${word} ${sizes}, with every seed giving the same value at both sizes`;
  }
  const test = `Welch's test between the two sizes, p = ${
    pText(pHolm)
  } Holm-corrected over the ${JUDGED_DIRECTIONS.length} directions stated here`;
  return pHolm < ALPHA
    ? `${word} ${sizes} (${test})`
    : `shows no clear change ${sizes}: the difference is within the seed spread (${test})`;
}

function pText(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : p.toFixed(4);
}

/** The study's findings, each a sentence with its numbers and 95 % intervals; directions only where Welch's test supports them. */
export function findings(rows: Configuration[]): string[] {
  const first = rows[0]!;
  const last = rows.at(-1)!;
  const size = (c: Configuration) => Number(c.setting["latent-dim"]);
  const value = (x: number, digits: number | "exp") =>
    digits === "exp" ? x.toExponential(2) : x.toFixed(digits);
  const span = (key: string, digits: number | "exp", unit = "") =>
    rows.map((c) => {
      const s = c.stats[key]!;
      const interval = s.n >= 2 && Number.isFinite(s.low)
        ? ` [${value(s.low, digits)}, ${value(s.high, digits)}]`
        : "";
      return `${value(s.mean, digits)}${unit}${interval} (${size(c)})`;
    }).join(" → ");
  const tests = JUDGED_DIRECTIONS.map((key) => {
    const a = first.stats[key]!;
    const b = last.stats[key]!;
    if (a.n < MIN_RUNS_TO_JUDGE || b.n < MIN_RUNS_TO_JUDGE) return NaN;
    return welchTest(a, b).p;
  });
  const tested = tests.flatMap((p, i) => Number.isNaN(p) ? [] : [i]);
  const adjusted = holmAdjust(tested.map((i) => tests[i]!));
  const pHolm = (key: string) => {
    const at = tested.indexOf(JUDGED_DIRECTIONS.indexOf(key));
    return at < 0 ? undefined : adjusted[at];
  };
  const trend = (key: string) => direction(first, last, key, pHolm(key));
  const most = Math.max(...rows.map((r) => mean(r, "activeUnits")));
  const saturated = rows.find((c) => mean(c, "activeUnits") === most)!;
  const legend =
    "Per latent size (the mean over seeds, its 95 % interval in square brackets, the latent size in round ones)";
  const lines = [
    `**Single-pass RMS of \`vae(x)\` against \`decoder(z_mean)\`** ${trend("singlePassRms")}. ${legend}: ${
      span("singlePassRms", 4)
    }.`,
    `**The sampled reconstruction's cost over the mean decode's** ${trend("reconGap")}: ${
      span("reconGap", 2, " nats")
    }.`,
    `**Mean pixel variance over passes** ${trend("pixelVariance")}: ${span("pixelVariance", "exp")}.`,
    `**Active units** (z_mean varying over the test images by more than 0.01): ${
      span("activeUnits", 1)
    }; the most, ${most.toFixed(1)}, at latent ${
      size(saturated)
    }. A dimension that is not active stays near the prior, and its sampled value moves the image little.`,
    `**The model itself**: final val_loss ${span("valLoss", 2)}; importance-weighted bound ${
      span("iwBound", 2)
    } nats.`,
  ];
  return lines;
}

/** The markdown of the study of `rows` (one configuration per latent size, ascending). */
export function latentStudyMarkdown(
  rows: Configuration[],
  source: string,
  missing: readonly string[] = [],
): string {
  const size = (c: Configuration) => Number(c.setting["latent-dim"]);
  const n = (c: Configuration) => c.runs.length;
  const seeds = [...new Set(rows.flatMap((c) => c.trainingSeeds))].join(", ");
  const constant = Object.entries(rows[0]!.setting).filter(([flag]) => flag !== "latent-dim")
    .map(([flag, value]) => `--${flag} ${value}`).join(", ");
  const table = [
    `| latent size | n | ${STUDY_COLUMNS.map((c) => c.label).join(" | ")} |`,
    `| --- | --- | ${STUDY_COLUMNS.map(() => "---").join(" | ")} |`,
    ...rows.map((c) =>
      `| ${size(c)} | ${n(c)} | ${
        STUDY_COLUMNS.map((col) => meanIntervalText(c.stats[col.key]!)).join(" | ")
      } |`
    ),
  ].join("\n");
  return `# How the latent size changes the gap between \`decoder(z_mean)\` and \`vae(x)\`

From ${source}: ${rows.length} latent sizes × training seeds ${seeds}; every other param the
same in every run (${constant}). Each figure is the mean ± standard deviation over the training
seeds (n runs) and, in brackets, the 95 % interval of that mean (Student t with n − 1 degrees
of freedom: mean ± t·std/√n, which is ±2.48 std at n = 3 and ±8.98 std at n = 2); each run
evaluated on its test images with its N passes.

${table}
${
    missing.length === 0
      ? ""
      : `\nNot in the table yet (run the same sweep again to finish them): ${missing.join("; ")}.\n`
  }
## What it shows

${findings(rows).map((line) => `- ${line}`).join("\n")}

## Plots

${PLOTTED.map((key) => `![${key}](${key}_vs_latent-dim.png)`).join("\n")}
`;
}

/**
 * Writes the study of `comparison` (a sweep over --latent-dim) under
 * `<root>/studies/<sweep-id>/`; returns the path of study.md.
 */
export async function writeLatentStudy(root: string, comparison: Comparison): Promise<string> {
  const { grouping } = comparison;
  if (!grouping.varying.includes("latent-dim") || grouping.varying.length !== 1) {
    throw new Error(
      `the latent-size study needs runs that differ only in --latent-dim and seeds; these differ in ${
        grouping.varying.join(", ") || "nothing"
      }`,
    );
  }
  const rows = [...grouping.configurations].sort((a, b) =>
    Number(a.setting["latent-dim"]) - Number(b.setting["latent-dim"])
  );
  const dir = join(root, "studies", comparison.sweepId ?? "runs");
  for (
    const plot of comparePlots(grouping).filter((p) =>
      PLOTTED.some((key) => p.name === `${key}_vs_latent-dim`)
    )
  ) {
    await writePlot(dir, plot);
  }
  await writeFileAtomic(join(dir, "table.csv"), compareCsv({ ...grouping, configurations: rows }));
  const path = join(dir, "study.md");
  await writeFileAtomic(path, latentStudyMarkdown(rows, comparison.source, comparison.missing));
  return path;
}
