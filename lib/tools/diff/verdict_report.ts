/**
 * The readable form of a {@link DiffVerdict}, the first lines of a diff: one verdict line,
 * what differs in the making, each headline metric with its judgement (one sentence each),
 * and where the training-seed spread is unknown the sweep that would measure it.
 */
import type { DiffVerdict } from "./diff_verdict.ts";
import type { HeadlineVerdict, Judgement, SideSpread } from "./headline_verdict.ts";
import { brief } from "./number_format.ts";
import { MIN_RUNS_TO_JUDGE } from "../compare/baseline.ts";

/** Significant digits of values, and of deltas and σs, in the verdict. */
const VALUE_DIGITS = 5;
const NOISE_DIGITS = 2;

/** How many source files the verdict names. */
const NAMES_SHOWN = 10;

function show(value: unknown): string {
  return value === undefined ? "(absent)" : typeof value === "string" ? value : JSON.stringify(value);
}

function seedsText(s: SideSpread): string {
  return `${s.n} seeds (${s.seeds.join(", ")})`;
}

function sweepsText(s: SideSpread): string {
  const sweeps = `${s.sweeps.length === 1 ? "sweep" : "sweeps"} ${s.sweeps.join(", ")}`;
  return s.leftOut > 0 ? `${sweeps}, the runs compared left out` : sweeps;
}

/** Where σ_Δ came from, as a clause: each side's σ, its seeds and its sweeps. */
function spreadClause(a: SideSpread | undefined, b: SideSpread | undefined): string {
  const sigma = (s: SideSpread) => brief(s.sigma, NOISE_DIGITS);
  const one = (s: SideSpread) => `σ ${sigma(s)} over ${seedsText(s)} in ${sweepsText(s)}`;
  if (a && b && (a === b || (a.sigma === b.sigma && a.sweeps.join() === b.sweeps.join()))) return one(a);
  if (a && b && seedsText(a) === seedsText(b) && sweepsText(a) === sweepsText(b)) {
    return `σ_A ${sigma(a)} and σ_B ${sigma(b)}, each over ${seedsText(a)} of its configuration in ${
      sweepsText(a)
    }`;
  }
  if (a && b) {
    return `σ_A ${sigma(a)} over ${seedsText(a)} in ${sweepsText(a)}; σ_B ${sigma(b)} over ${
      seedsText(b)
    } in ${sweepsText(b)}`;
  }
  return `${one((a ?? b)!)}; ${a ? "A" : "B"}'s configuration's σ taken for both`;
}

/** One headline metric's change and its judgement, as one sentence. */
export function headlineLine(v: HeadlineVerdict): string {
  const [a, b] = [brief(v.a, VALUE_DIGITS), brief(v.b, VALUE_DIGITS)];
  if (v.verdict === "unchanged") return `${v.key} is ${a} on both sides.`;
  const change = `${v.key} went from ${a} to ${b} (Δ ${brief(v.delta, NOISE_DIGITS)})`;
  const noise = v.noise;
  if (v.verdict === "training-seed spread unknown") {
    return `${change} and is not judged, since the training-seed spread is unknown.`;
  }
  if (v.verdict === "no noise estimate" || noise === undefined) {
    return `${change} and is not judged, since metrics.json records no evaluation-seed noise for it.`;
  }
  if (noise.kind === "evaluation-seed") {
    return `${change}, ${v.verdict}: |Δ| is ${brief(noise.ratio, NOISE_DIGITS)} σ_Δ, with σ_Δ ${
      brief(noise.sigma, NOISE_DIGITS)
    } from the evaluation seeds' noise that metrics.json records.`;
  }
  if (noise.sigma === 0) {
    const where = noise.a && noise.b ? "on each side" : `on ${noise.a ? "A" : "B"}'s side`;
    return `${change}, ${v.verdict}: every seed gave the same value ${where}, ${
      spreadClause(noise.a, noise.b)
    }.`;
  }
  return `${change}, ${v.verdict}: |Δ| is ${brief(noise.ratio, NOISE_DIGITS)} σ_Δ, with σ_Δ ${
    brief(noise.sigma, NOISE_DIGITS)
  } from ${spreadClause(noise.a, noise.b)}.`;
}

/** How the verdict line counts the headline metrics of each judgement, in this order. */
const TALLY: readonly [Judgement, (n: number) => string][] = [
  ["beyond training-seed noise", (n) => `${n} changed beyond training-seed noise`],
  ["within training-seed noise", (n) => `${n} changed within training-seed noise`],
  [
    "training-seed spread unknown",
    (n) => `${n} changed but ${n === 1 ? "is" : "are"} not judged (training-seed spread unknown)`,
  ],
  ["beyond evaluation-seed noise", (n) => `${n} changed beyond evaluation-seed noise`],
  ["within evaluation-seed noise", (n) => `${n} changed within evaluation-seed noise`],
  ["no noise estimate", (n) => `${n} changed but ${n === 1 ? "is" : "are"} not judged (no noise estimate)`],
  ["unchanged", (n) => `${n} ${n === 1 ? "is" : "are"} unchanged`],
];

/** "a", "a and b", "a, b and c". */
function listText(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

function tally(headline: readonly HeadlineVerdict[]): string {
  const parts = TALLY.map(([judgement, text]) =>
    [headline.filter((v) => v.verdict === judgement).length, text] as const
  )
    .filter(([count]) => count > 0).map(([count, text]) => text(count));
  return `of the ${headline.length} headline metrics, ${listText(parts)}`;
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
  lines.push(`verdict: DIFFERENT: ${how}${verdict.headline.length ? `; ${tally(verdict.headline)}` : ""}.`);
  const { params, data, sourceFiles, env } = verdict.changes;
  lines.push("what differs in the making:");
  lines.push(
    params.length === 0
      ? "  params: same"
      : `  params: ${
        params.map((p) => `--${p.key} ${show(p.a)} → ${show(p.b)} (${p.stage}${p.note ? `; ${p.note}` : ""})`)
          .join(", ")
      }`,
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
    const leftOut = Math.max(verdict.leftOut.a, verdict.leftOut.b);
    const unknown = [
      ...(verdict.spreads.a ? [] : [verdict.others.a]),
      ...(verdict.spreads.b ? [] : [verdict.others.b]),
    ];
    const one = verdict.sweepCommands.length === 1;
    const found = one ? Math.max(...unknown) : unknown.join(" and ");
    lines.push(
      `training-seed spread unknown, too few seeds to judge: the sweeps under ${where} ran ${
        one ? "this configuration" : "these configurations"
      } with ${found} training seed${
        found === 1 ? "" : "s"
      } besides the runs compared, and a spread needs ${MIN_RUNS_TO_JUDGE}${
        leftOut > 0
          ? `; of the seeds the sweeps ran, ${leftOut} ${
            leftOut === 1 ? "is" : "are"
          } the runs compared, left out, since a spread taken from them would judge them against themselves`
          : ""
      }; to measure it, run ${verdict.sweepCommands.length === 1 ? "this" : "these"}, then diff again:`,
    );
    for (const command of verdict.sweepCommands) lines.push(`  ${command}`);
  }
  return lines.join("\n");
}
