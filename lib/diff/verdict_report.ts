/**
 * The readable form of a {@link DiffVerdict}, the first lines of a diff: one verdict line,
 * what differs in the making, each headline metric with its judgement, and where the
 * training-seed spread is unknown the sweep that would measure it.
 */
import type { DiffVerdict } from "./diff_verdict.ts";
import type { HeadlineVerdict, Judgement, SideSpread } from "./headline_verdict.ts";
import { brief } from "./number_format.ts";

/** Significant digits of values, and of deltas and σs, in the verdict. */
const VALUE_DIGITS = 5;
const NOISE_DIGITS = 2;

/** How many source files the verdict names. */
const NAMES_SHOWN = 10;

function show(value: unknown): string {
  return value === undefined ? "(absent)" : typeof value === "string" ? value : JSON.stringify(value);
}

function spreadText(s: SideSpread, who = ""): string {
  const sweeps = `${s.sweeps.length === 1 ? "sweep" : "sweeps"} ${s.sweeps.join(", ")}`;
  return `σ${who} ${brief(s.sigma, NOISE_DIGITS)} over ${s.n} seeds, ${sweeps}`;
}

function headlineLine(v: HeadlineVerdict): string {
  const change = `${v.key}: ${brief(v.a, VALUE_DIGITS)} → ${brief(v.b, VALUE_DIGITS)} (Δ ${
    brief(v.delta, NOISE_DIGITS)
  })`;
  const noise = v.noise;
  if (noise === undefined || v.verdict === "unchanged") return `${change}: ${v.verdict}`;
  const ratio = `|Δ| ${brief(noise.ratio, NOISE_DIGITS)}× σ_Δ ${brief(noise.sigma, NOISE_DIGITS)}`;
  if (noise.kind === "evaluation-seed") return `${change}: ${v.verdict} (${ratio})`;
  const [a, b] = [noise.a, noise.b];
  const spreads = a && b && (a === b || (a.sigma === b.sigma && a.sweeps.join() === b.sweeps.join()))
    ? spreadText(a)
    : a && b
    ? `${spreadText(a, "_A")}; ${spreadText(b, "_B")}`
    : `${spreadText((a ?? b)!)}, of ${a ? "A" : "B"}'s configuration, taken for both`;
  return `${change}: ${v.verdict} (${spreads}; ${ratio})`;
}

/** How the verdict line counts the headline metrics of each judgement, in this order. */
const TALLY: readonly [Judgement, (n: number) => string][] = [
  ["beyond training-seed noise", (n) => `${n} beyond training-seed noise`],
  ["within training-seed noise", (n) => `${n} within training-seed noise`],
  [
    "training-seed spread unknown",
    (n) => `${n} changed, not judged: training-seed spread unknown`,
  ],
  ["beyond evaluation-seed noise", (n) => `${n} beyond evaluation-seed noise`],
  ["within evaluation-seed noise", (n) => `${n} within evaluation-seed noise`],
  ["no noise estimate", (n) => `${n} changed without a noise estimate`],
  ["unchanged", (n) => `${n} unchanged`],
];

function tally(headline: readonly HeadlineVerdict[]): string {
  const parts = TALLY.map(([judgement, text]) =>
    [headline.filter((v) => v.verdict === judgement).length, text] as const
  )
    .filter(([count]) => count > 0).map(([count, text]) => text(count));
  return `headline metrics: ${parts.join("; ")}`;
}

/**
 * The verdict's lines; `labels` names A and B as given (a run, an artifact and its path).
 * With `all`, every changed source file is named.
 */
export function verdictReport(
  verdict: DiffVerdict,
  labels: { a: string; b: string },
  options: { all?: boolean } = {},
): string {
  const lines = [`A: ${labels.a}`, `B: ${labels.b}`];
  const { compared, different } = verdict.pairs;
  if (verdict.identical) {
    lines.push(
      `verdict: IDENTICAL: every file ${
        compared === 1 ? "is" : `of the ${compared} artifact pairs is`
      } byte-identical`,
    );
    return lines.join("\n");
  }
  const how = verdict.training === "different trainings"
    ? `two trainings (model ${verdict.models.a} → ${verdict.models.b})`
    : verdict.training === "same model"
    ? `one model (${verdict.models.a})${
      verdict.headline.some((h) => h.key !== "valLoss") ? ", evaluated twice" : ""
    }`
    : `${different} of ${compared} artifact pair${compared === 1 ? "" : "s"} differ`;
  lines.push(`verdict: DIFFERENT: ${how}${verdict.headline.length ? `; ${tally(verdict.headline)}` : ""}`);
  const { params, data, sourceFiles, env } = verdict.changes;
  lines.push("what differs in the making:");
  lines.push(
    params.length === 0
      ? "  params: same"
      : `  params: ${params.map((p) => `--${p.key} ${show(p.a)} → ${show(p.b)} (${p.stage})`).join(", ")}`,
  );
  lines.push(
    data.a === undefined || data.b === undefined
      ? "  data: unknown (an mnist input is not stored beside A or B)"
      : data.a === data.b
      ? `  data: same (mnist ${data.a})`
      : `  data: mnist ${data.a} → ${data.b}`,
  );
  const names = options.all ? sourceFiles : sourceFiles.slice(0, NAMES_SHOWN);
  const more = sourceFiles.length - names.length;
  lines.push(
    sourceFiles.length === 0
      ? "  code: same source files"
      : `  code: ${sourceFiles.length} source file${sourceFiles.length === 1 ? "" : "s"} changed: ${
        names.join(", ")
      }${more > 0 ? ` and ${more} more (--all)` : ""}`,
  );
  if (env.length > 0) {
    lines.push(`  env: ${env.map((e) => `${e.key} ${show(e.a)} → ${show(e.b)} (${e.stage})`).join(", ")}`);
  }
  if (verdict.headline.length > 0) {
    lines.push("headline metrics, A → B:");
    for (const v of verdict.headline) lines.push(`  ${headlineLine(v)}`);
  }
  if (verdict.sweepCommands.length > 0) {
    const where = [...new Set([verdict.roots.a, verdict.roots.b].filter((r) => r !== undefined))].join(", ");
    lines.push(
      `training-seed spread unknown: no sweep under ${where} ran ${
        verdict.sweepCommands.length === 1 ? "this configuration" : "these configurations"
      } with two or more training seeds; to measure it, then diff again:`,
    );
    for (const command of verdict.sweepCommands) lines.push(`  ${command}`);
  }
  return lines.join("\n");
}
