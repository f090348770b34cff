/**
 * Each headline metric's change from A to B judged against the noise that fits how A and B
 * were made. Two trainings (different model artifacts): the training-seed spread of their
 * configurations over other runs than these two, σ_Δ = √(σ_A² + σ_B²), the one known σ
 * standing for both when only one is known, unless it is 0: a σ of 0 says nothing of the
 * other configuration's spread. A recorded σ of 0 on both sides (every seed gave the same
 * value) is known, and any change is beyond it. With none known the change is left unjudged,
 * since the evaluation-seed noise alone leaves out the larger noise of training. One model
 * evaluated twice: the evaluation-seed noise that metrics.json records. Beyond noise means
 * |Δ| ≥ 2 σ_Δ.
 */
import { HEADLINE_METRICS } from "../compare/measured_run.ts";
import type { TrainingSpread } from "./training_spread.ts";

/** |Δ| at or above this multiple of the difference's σ is beyond noise. */
export const NOISE_MULTIPLE = 2;

/** What a headline metric's change is judged to be. */
export type Judgement =
  | "unchanged"
  | "within training-seed noise"
  | "beyond training-seed noise"
  | "training-seed spread unknown"
  | "within evaluation-seed noise"
  | "beyond evaluation-seed noise"
  | "no noise estimate";

/** One configuration's training-seed σ of a metric, and what measured it. */
export interface SideSpread {
  /** 0 when every seed gave the same value. */
  sigma: number;
  /** Training seeds it is over (the runs compared not among them). */
  n: number;
  seeds: (string | number)[];
  sweeps: string[];
  /** Training seeds left out as the runs compared. */
  leftOut: number;
}

/** A headline metric's change and the judgement on it. */
export interface HeadlineVerdict {
  key: string;
  label: string;
  a: number;
  b: number;
  delta: number;
  /** The noise the change is judged against, when known. */
  noise?: {
    kind: "training-seed" | "evaluation-seed";
    /** σ of a difference of two such results. */
    sigma: number;
    /** |Δ| / σ (Infinity for a change against σ 0; null in JSON). */
    ratio: number;
    /** Training-seed noise: each side's configuration spread, where a sweep measured it. */
    a?: SideSpread;
    b?: SideSpread;
  };
  verdict: Judgement;
}

/** What the verdicts are made from. */
export interface HeadlineInputs {
  /** Headline metrics of A and of B (only those both have are judged). */
  a: Record<string, number>;
  b: Record<string, number>;
  /** Whether A and B come from different model artifacts. */
  trainingsDiffer: boolean;
  /** The training-seed spreads of A's and B's configurations, where known. */
  spreadA?: TrainingSpread;
  spreadB?: TrainingSpread;
  /** Same model: per metric key, the evaluation-seed σ of the difference, where recorded. */
  evaluationNoise?: Record<string, number>;
}

/**
 * The σ of a difference of two single results with σs `a` and `b`; the known one stands
 * for both when only one is; undefined when neither is.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { differenceSigma } from "./headline_verdict.ts";
 * assert.equal(differenceSigma(3, 4), 5);
 * assert.equal(differenceSigma(undefined, 1), Math.SQRT2);
 * assert.equal(differenceSigma(undefined, undefined), undefined);
 * ```
 */
export function differenceSigma(a: number | undefined, b: number | undefined): number | undefined {
  const known = [a, b].filter((s): s is number => s !== undefined && Number.isFinite(s));
  if (known.length === 0) return undefined;
  return known.length === 2 ? Math.hypot(known[0]!, known[1]!) : Math.SQRT2 * known[0]!;
}

function sideSpread(spread: TrainingSpread | undefined, key: string): SideSpread | undefined {
  const sigma = spread?.std[key];
  // A recorded σ of 0 (every seed gave the same value, e.g. the same number of active units)
  // is a known spread: a change is then beyond what reseeding did.
  if (spread === undefined || sigma === undefined || !Number.isFinite(sigma) || sigma < 0) return undefined;
  return { sigma, n: spread.n, seeds: spread.seeds, sweeps: spread.sweeps, leftOut: spread.leftOut };
}

/**
 * The verdict on every headline metric that A and B both have, in HEADLINE_METRICS order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { headlineVerdicts } from "./headline_verdict.ts";
 * const spread = { n: 3, seeds: [1, 2, 3], sweeps: ["0123456789abcdef"], std: { negElbo: 0.1 }, mean: {}, leftOut: 0 };
 * const [v] = headlineVerdicts({ a: { negElbo: 100 }, b: { negElbo: 100.5 }, trainingsDiffer: true, spreadA: spread });
 * assert.equal(v!.verdict, "beyond training-seed noise"); // |Δ| 0.5 ≥ 2 × 0.1·√2
 * const [u] = headlineVerdicts({ a: { negElbo: 100 }, b: { negElbo: 100.5 }, trainingsDiffer: true });
 * assert.equal(u!.verdict, "training-seed spread unknown");
 * ```
 */
export function headlineVerdicts(inputs: HeadlineInputs): HeadlineVerdict[] {
  const out: HeadlineVerdict[] = [];
  for (const { key, label } of HEADLINE_METRICS) {
    const [a, b] = [inputs.a[key], inputs.b[key]];
    if (a === undefined || b === undefined) continue;
    const change = { key, label, a, b, delta: b - a };
    if (inputs.trainingsDiffer) {
      const [sa, sb] = [sideSpread(inputs.spreadA, key), sideSpread(inputs.spreadB, key)];
      const sigma = differenceSigma(sa?.sigma, sb?.sigma);
      // One side's σ of 0 cannot stand for the other, unknown side: every change would be "beyond".
      const zeroForUnknown = (sa === undefined) !== (sb === undefined) && (sa ?? sb)!.sigma === 0;
      if (sigma === undefined || zeroForUnknown) {
        out.push({ ...change, verdict: a === b ? "unchanged" : "training-seed spread unknown" });
        continue;
      }
      const noise = {
        kind: "training-seed" as const,
        sigma,
        ratio: a === b ? 0 : sigma === 0 ? Infinity : Math.abs(change.delta) / sigma,
        ...(sa ? { a: sa } : {}),
        ...(sb ? { b: sb } : {}),
      };
      const verdict = a === b
        ? "unchanged"
        : Math.abs(change.delta) >= NOISE_MULTIPLE * sigma
        ? "beyond training-seed noise"
        : "within training-seed noise";
      out.push({ ...change, noise, verdict });
      continue;
    }
    const sigma = inputs.evaluationNoise?.[key];
    if (a === b) out.push({ ...change, verdict: "unchanged" });
    else if (sigma === undefined) out.push({ ...change, verdict: "no noise estimate" });
    else {
      out.push({
        ...change,
        noise: { kind: "evaluation-seed", sigma, ratio: Math.abs(change.delta) / sigma },
        verdict: Math.abs(change.delta) >= NOISE_MULTIPLE * sigma
          ? "beyond evaluation-seed noise"
          : "within evaluation-seed noise",
      });
    }
  }
  return out;
}
