/** Per-image running sums of a figure over passes, for its variance across passes. */
export class PerImageMoments {
  #n = 0;
  #sum: Float64Array;
  #squares: Float64Array;
  constructor(rows: number) {
    this.#sum = new Float64Array(rows);
    this.#squares = new Float64Array(rows);
  }
  /** Adds one value per image. */
  add(values: ArrayLike<number>): void {
    this.#n++;
    for (let i = 0; i < this.#sum.length; i++) {
      this.#sum[i]! += values[i]!;
      this.#squares[i]! += values[i]! * values[i]!;
    }
  }
  /** Unbiased variance per image (n ≥ 2). */
  variance(): Float64Array {
    const n = this.#n;
    return this.#sum.map((s, i) => Math.max(0, (this.#squares[i]! - (s * s) / n) / (n - 1)));
  }
}
