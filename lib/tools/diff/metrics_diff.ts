/**
 * Two JSON files compared number by number (every numeric leaf by its dotted path), each
 * delta with the evaluation-seed noise of its metric where metrics.json records one.
 */
import { SEED_NOISE_OF } from "../../stages/evaluate/evaluate_artifact.ts";
import type { FileDiff } from "./file_diff.ts";
import { numericLeaves } from "../../core/runtime/json_numbers.ts";

/** The numbers that one JSON file has and the other lacks (a longer history, more latent dimensions). */
export interface OneSidedNumbers {
  onlyInA: { key: string; value: number }[];
  onlyInB: { key: string; value: number }[];
}

/** Compares the JSON files at `pathA` and `pathB`: the numbers that differ, and those only one has. */
export async function compareJson(
  pathA: string,
  pathB: string,
): Promise<{ numbers: NonNullable<FileDiff["numbers"]> } & OneSidedNumbers> {
  const [a, b] = [
    numericLeaves(JSON.parse(await Deno.readTextFile(pathA))),
    numericLeaves(JSON.parse(await Deno.readTextFile(pathB))),
  ];
  const onlyIn = (x: Map<string, number>, y: Map<string, number>) =>
    [...x].filter(([key]) => !y.has(key)).map(([key, value]) => ({ key, value }));
  return { numbers: changedNumbers(a, b), onlyInA: onlyIn(a, b), onlyInB: onlyIn(b, a) };
}

function changedNumbers(a: Map<string, number>, b: Map<string, number>): NonNullable<FileDiff["numbers"]> {
  return [...a].filter(([key, va]) => b.has(key) && b.get(key) !== va).map(([key, va]) => {
    const vb = b.get(key)!;
    const change = {
      key,
      a: va,
      b: vb,
      delta: vb - va,
      relative: va === 0 ? Infinity : (vb - va) / Math.abs(va),
    };
    const noiseKey = SEED_NOISE_OF[key];
    const [na, nb] = noiseKey ? [a.get(noiseKey), b.get(noiseKey)] : [];
    // The spread of a difference of two independent evaluations: √(σA² + σB²).
    return na !== undefined && nb !== undefined ? { ...change, noise: Math.hypot(na, nb) } : change;
  });
}
