/**
 * The parameters of the evaluate stage, with their defaults and valid ranges: everything that
 * determines an evaluation (recorded in the manifest and the id).
 */
import { type EngineName, ENGINES } from "../../core/engine/engine.ts";
import type { ParamSpecs } from "../../core/cli/params.ts";

/** Everything that determines an evaluation (recorded in the manifest and the id). */
export interface EvaluateParams {
  /** Stochastic passes per test image (N ≥ 2, for a variance). */
  passes: number;
  /** Seed of the passes' ε. */
  seed: number;
  /** Test images evaluated: the first this many. */
  images: number;
  /** "wasm" or "native" (matrix products in OpenBLAS): lib/core/engine/engine.ts. */
  engine: EngineName;
}

/**
 * The evaluate stage's params and flags. The seed's flag is --eval-seed, since under
 * `deno task all` --seed belongs to train; run alone, evaluate takes --seed too.
 */
export const EVALUATE_PARAMS: ParamSpecs<EvaluateParams> = {
  passes: { flag: "passes", default: 100, min: 2, max: 100000, integer: true },
  seed: { flag: "eval-seed", aloneAlias: "seed", default: 1, min: 0, max: 2 ** 31 - 1, integer: true },
  images: { flag: "images", default: 10000, min: 1, max: 10000, integer: true },
  engine: { flag: "engine", default: "wasm", choices: ENGINES, absentInOlderRecords: "wasm" },
};
