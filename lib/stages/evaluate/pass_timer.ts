/**
 * Milliseconds spent in each part of a pass loop, summed over its passes: the native loop
 * (lib/stages/evaluate/native_passes.ts) reads the clock between its steps when it is given one, for
 * bench/evaluate_parts.ts. Reading the clock changes no result.
 */

/** The parts of a native pass, in the order they run. */
export const PASS_PARTS = [
  "turn",
  "epsilon",
  "sample",
  "hiddenSgemm",
  "hiddenBiasRelu",
  "outputSgemm",
  "outputRowPass",
  "logWeightTally",
  "firstPassCheck",
] as const;

/** One of {@link PASS_PARTS}. */
export type PassPart = typeof PASS_PARTS[number];

/** Sums of the time between the marks of a loop, per part. */
export class PassTimer {
  /** Milliseconds per part, summed. */
  readonly ms: Record<PassPart, number> = Object.fromEntries(PASS_PARTS.map((p) => [p, 0])) as Record<
    PassPart,
    number
  >;
  #last = performance.now();

  /** Starts a part here: what ran since the last mark is not counted. */
  start(): void {
    this.#last = performance.now();
  }

  /**
   * Counts the time since the last mark as `part`'s.
   *
   * @example
   * ```ts
   * import { PassTimer } from "./pass_timer.ts";
   * const timer = new PassTimer();
   * timer.start();
   * timer.lap("epsilon");
   * timer.ms.epsilon >= 0; // true
   * ```
   */
  lap(part: PassPart): void {
    const now = performance.now();
    this.ms[part] += now - this.#last;
    this.#last = now;
  }
}
