/**
 * The verdict of a diff, what its report opens with: whether anything differs, what differs
 * in the making (params, data, code, environment), whether A and B are two trainings or one
 * model evaluated twice, and each headline metric's change judged against the noise that
 * fits (for two trainings, their configurations' spread over other training seeds than
 * theirs); where that spread is unknown, the sweep that would measure it.
 */
import { join } from "node:path";
import { configurationKey } from "../compare/measured_run.ts";
import type { Artifact } from "../../core/store/manifest.ts";
import type { ArtifactDiff } from "./file_diff.ts";
import { describeSide, type DiffSide } from "./diff_side.ts";
import { type HeadlineVerdict, headlineVerdicts } from "./headline_verdict.ts";
import { type InputChanges, inputChanges } from "./input_changes.ts";
import { sweepCommand, sweepSeeds } from "./sweep_command.ts";
import { type TrainingSpread, trainingSpreadOf } from "./training_spread.ts";

/** How A and B relate through training. */
export type TrainingRelation = "same model" | "different trainings" | "no model";

/** The verdict. */
export interface DiffVerdict {
  identical: boolean;
  /** How many artifact pairs were compared, and how many of them differ. */
  pairs: { compared: number; different: number };
  changes: InputChanges;
  training: TrainingRelation;
  models: { a?: string; b?: string };
  /** Where the training-seed spreads were looked up (the sides' roots). */
  roots: { a?: string; b?: string };
  /** The training-seed spreads of A's and B's configurations, over other runs than the two compared. */
  spreads: { a?: TrainingSpread; b?: TrainingSpread };
  /** Training seeds of A's and B's configurations that sweeps ran but that are the runs compared, left out. */
  leftOut: { a: number; b: number };
  /** Training seeds of A's and B's configurations besides the runs compared (fewer than 3: too few to judge). */
  others: { a: number; b: number };
  headline: HeadlineVerdict[];
  /** Sweeps that would measure a training-seed spread the verdict lacks. */
  sweepCommands: string[];
}

/** Headline metrics with an evaluation-seed noise in metrics.json, by the key they have there. */
const EVALUATION_KEY_OF: Readonly<Record<string, string>> = {
  negElbo: "negElbo.total",
  reconGap: "reconGap",
  singlePassRms: "singlePassRms.mean",
};

function evaluationNoise(a: DiffSide, b: DiffSide, diffs: readonly ArtifactDiff[]): Record<string, number> {
  const pair = diffs.find((d) => d.a.id === a.evaluateId && d.b.id === b.evaluateId);
  const numbers = pair?.files.find((f) => f.path === "metrics.json")?.numbers ?? [];
  const out: Record<string, number> = {};
  for (const [key, fileKey] of Object.entries(EVALUATION_KEY_OF)) {
    const noise = numbers.find((n) => n.key === fileKey)?.noise;
    if (noise !== undefined) out[key] = noise;
  }
  return out;
}

/** The number of test images `side`'s evaluation evaluated (metrics.json `images`), where it has one. */
async function imagesEvaluated(side: DiffSide): Promise<number | undefined> {
  const evaluation = side.lineage.byKind.get("evaluate");
  if (evaluation === undefined) return undefined;
  try {
    const { images } = JSON.parse(await Deno.readTextFile(join(evaluation.dir, "metrics.json")));
    return typeof images === "number" ? images : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `changes` with a changed --images (a cap: the test set may hold fewer) stated by the images
 * each side evaluated, as metrics.json records them.
 */
async function withImagesEvaluated(changes: InputChanges, a: DiffSide, b: DiffSide): Promise<InputChanges> {
  const at = changes.params.findIndex((p) => p.key === "images" && p.stage === "evaluate");
  if (at < 0) return changes;
  const [ia, ib] = [await imagesEvaluated(a), await imagesEvaluated(b)];
  if (ia === undefined || ib === undefined) return changes;
  const note = ia === ib
    ? `a cap: both sides evaluated the same ${ia} images`
    : `a cap: the sides evaluated ${ia} → ${ib} images`;
  const params = changes.params.map((p, i) => i === at ? { ...p, note } : p);
  return { ...changes, params };
}

/**
 * The verdict on `a` and `b` (the most downstream artifacts compared) given their pairwise
 * `diffs`. Unreadable sweep records and runs are skipped with a line to `warn`.
 */
export async function diffVerdict(
  a: Artifact,
  b: Artifact,
  diffs: readonly ArtifactDiff[],
  warn: (line: string) => void = console.warn,
): Promise<DiffVerdict> {
  const [sideA, sideB] = [await describeSide(a), await describeSide(b)];
  const identical = diffs.every((d) => d.identical);
  const training: TrainingRelation = sideA.modelId === undefined || sideB.modelId === undefined
    ? "no model"
    : sideA.modelId === sideB.modelId
    ? "same model"
    : "different trainings";
  const spreads: DiffVerdict["spreads"] = {};
  const leftOut = { a: 0, b: 0 };
  const others = { a: 0, b: 0 };
  const sweepCommands: string[] = [];
  if (training === "different trainings" && !identical) {
    const oneConfiguration = sideA.lineage.root === sideB.lineage.root &&
      sideA.complete === sideB.complete &&
      configurationKey(sideA.setting) === configurationKey(sideB.setting);
    const compared = [sideA, sideB];
    const lookupA = await trainingSpreadOf(sideA, compared, warn);
    const lookupB = oneConfiguration ? lookupA : await trainingSpreadOf(sideB, compared, warn);
    const [spreadA, spreadB] = [lookupA.spread, lookupB.spread];
    if (spreadA) spreads.a = spreadA;
    if (spreadB) spreads.b = spreadB;
    [leftOut.a, leftOut.b] = [lookupA.leftOut, lookupB.leftOut];
    [others.a, others.b] = [lookupA.others, lookupB.others];
    const seedOf = (side: DiffSide) => Number(side.setting.seed);
    const measurable = (side: DiffSide) =>
      side.lineage.root !== undefined && side.lineage.byKind.has("mnist") && Number.isInteger(seedOf(side));
    if (oneConfiguration) {
      if (!spreadA && measurable(sideA)) {
        sweepCommands.push(
          sweepCommand(sideA.setting, sweepSeeds([seedOf(sideA), seedOf(sideB)]), sideA.lineage.root),
        );
      }
    } else {
      for (const [side, spread] of [[sideA, spreadA], [sideB, spreadB]] as const) {
        if (!spread && measurable(side)) {
          sweepCommands.push(sweepCommand(side.setting, sweepSeeds([seedOf(side)]), side.lineage.root));
        }
      }
    }
  }
  return {
    identical,
    pairs: { compared: diffs.length, different: diffs.filter((d) => !d.identical).length },
    changes: await withImagesEvaluated(inputChanges(sideA.lineage, sideB.lineage), sideA, sideB),
    training,
    models: {
      ...(sideA.modelId ? { a: sideA.modelId } : {}),
      ...(sideB.modelId ? { b: sideB.modelId } : {}),
    },
    roots: {
      ...(sideA.lineage.root ? { a: sideA.lineage.root } : {}),
      ...(sideB.lineage.root ? { b: sideB.lineage.root } : {}),
    },
    spreads,
    leftOut,
    others,
    headline: identical ? [] : headlineVerdicts({
      a: sideA.metrics,
      b: sideB.metrics,
      // Only one model evaluated twice is judged on evaluation-seed noise; different or unknown models are not.
      trainingsDiffer: training !== "same model",
      ...(spreads.a ? { spreadA: spreads.a } : {}),
      ...(spreads.b ? { spreadB: spreads.b } : {}),
      evaluationNoise: evaluationNoise(sideA, sideB, diffs),
    }),
    sweepCommands,
  };
}
