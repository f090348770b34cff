/**
 * The running mean of sampled passes, kept pass by pass: after each pass, the mean so far
 * and the size of its distance to decoder(z_mean) (mean and max over pixels of |mean − it|),
 * so the explorer can show how that distance settles as N grows. Sums in float64.
 */

/** The distance of the running mean from decoder(z_mean) after some number of passes. */
export interface GapSize {
  /** Mean over pixels of |running mean − decoder(z_mean)|. */
  mean: number;
  /** Largest pixel of it. */
  max: number;
}

/** Passes added one at a time; the mean of those so far against a fixed reference image. */
export class RunningMean {
  readonly #reference: Float32Array;
  readonly #sum: Float64Array;
  #count = 0;
  /** The gap after 1, 2, … passes (index n − 1 for n passes). */
  readonly sizes: GapSize[] = [];

  /** `reference`: decoder(z_mean), which the mean is measured against. */
  constructor(reference: Float32Array) {
    this.#reference = reference;
    this.#sum = new Float64Array(reference.length);
  }

  /** Passes added so far. */
  get count(): number {
    return this.#count;
  }

  /**
   * Adds the passes in `rows` (each as long as the reference, back to back).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { RunningMean } from "./running_mean.ts";
   * const running = new RunningMean(Float32Array.of(0.5, 0.5));
   * running.add(Float32Array.of(1, 0.5, 0, 0.5));
   * assert.deepEqual([...running.mean()], [0.5, 0.5]);
   * assert.deepEqual(running.sizes, [{ mean: 0.25, max: 0.5 }, { mean: 0, max: 0 }]);
   * ```
   */
  add(rows: Float32Array): void {
    const width = this.#reference.length;
    for (let start = 0; start + width <= rows.length; start += width) {
      this.#count++;
      let total = 0;
      let max = 0;
      for (let i = 0; i < width; i++) {
        this.#sum[i]! += rows[start + i]!;
        const gap = Math.abs(this.#sum[i]! / this.#count - this.#reference[i]!);
        total += gap;
        if (gap > max) max = gap;
      }
      this.sizes.push({ mean: total / width, max });
    }
  }

  /** The mean of the passes added so far. */
  mean(): Float32Array {
    return Float32Array.from(this.#sum, (s) => s / Math.max(1, this.#count));
  }

  /** |mean − reference| per pixel. */
  gap(): Float32Array {
    const mean = this.mean();
    return mean.map((m, i) => Math.abs(m - this.#reference[i]!));
  }
}
