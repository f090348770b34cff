/**
 * The figures `deno task bench` takes from what the pipeline stages and
 * bench/train_step_parts.ts print: each epoch's samples/s (lib/stages/train/train_loop.ts), the
 * evaluation's own time and rate (lib/stages/evaluate/evaluate_stage.ts), and the fraction of the
 * sgemm rate a native step reaches. A line that is missing is an error naming what was
 * looked for, so a changed message cannot turn into a silently empty table.
 */

/**
 * Samples per second of each epoch, from the train stage's `epoch i/n … N samples/s` lines.
 *
 * @example
 * ```ts
 * import { epochSamplesPerSecond } from "./stage_figures.ts";
 * epochSamplesPerSecond("epoch 1/2  loss 190.1  4.1 s  14634 samples/s  (+ 0.3 s validation)\n", "train");
 * // [14634]
 * ```
 */
export function epochSamplesPerSecond(stdout: string, source: string): number[] {
  const figures = stdout.split("\n").filter((line) => /^epoch \d+\/\d+ /.test(line)).map((line) => {
    const match = /(\d+(?:\.\d+)?) samples\/s/.exec(line);
    if (!match) throw new SyntaxError(`${source}: no "samples/s" in its epoch line: ${line}`);
    return Number(match[1]);
  });
  if (figures.length === 0) throw new SyntaxError(`${source}: printed no "epoch i/n … samples/s" line`);
  return figures;
}

/** The evaluate stage's own measurement: seconds from its start, threads, passes per second. */
export interface EvaluateFigures {
  seconds: number;
  threads: number;
  passesPerSecond: number;
}

/**
 * The evaluate stage's `… in S s on T thread(s) (P passes/s)` figures.
 *
 * @example
 * ```ts
 * import { evaluateFigures } from "./stage_figures.ts";
 * evaluateFigures("10000 images × 100 passes in 12.1 s on 2 thread(s) (82645 passes/s); …", "evaluate")
 *   .seconds; // 12.1
 * ```
 */
export function evaluateFigures(stdout: string, source: string): EvaluateFigures {
  const match = / in (\d+(?:\.\d+)?) s on (\d+) thread\(s\) \((\d+) passes\/s\)/.exec(stdout);
  if (!match) throw new SyntaxError(`${source}: printed no "in S s on T thread(s) (P passes/s)" line`);
  return { seconds: Number(match[1]), threads: Number(match[2]), passesPerSecond: Number(match[3]) };
}

/** A native training step's share of OpenBLAS' own rate, on a given number of threads. */
export interface SgemmFraction {
  threads: number;
  /** Percent of the sgemm rate on that many threads that the whole step's products reach. */
  percent: number;
}

/**
 * The fractions of the sgemm rate that bench/train_step_parts.ts prints for the whole native
 * step (`… on T thread(s) … = P% of the sgemm rate …`), one per thread count, in its order.
 *
 * @example
 * ```ts
 * import { sgemmFractions } from "./stage_figures.ts";
 * sgemmFractions(
 *   "native, step on 2 thread(s): whole trainer step 7.50 ms (median 7.80) = 17067 samples/s, " +
 *     "74 GFLOPS = 42% of the sgemm rate on 2 thread(s) (175 GFLOPS)",
 *   "train_step_parts.ts",
 * ); // [{ threads: 2, percent: 42 }]
 * ```
 */
export function sgemmFractions(stdout: string, source: string): SgemmFraction[] {
  const fractions = stdout.split("\n").flatMap((line) => {
    const match = /(\d+(?:\.\d+)?)% of the sgemm rate on (\d+) thread/.exec(line);
    return match ? [{ threads: Number(match[2]), percent: Number(match[1]) }] : [];
  });
  if (fractions.length === 0) throw new SyntaxError(`${source}: printed no "P% of the sgemm rate" line`);
  return fractions;
}
