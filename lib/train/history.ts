/**
 * Per-epoch training history: losses of the training pass and of the validation set, as
 * JSON rows and CSV. Timings are kept apart (they differ between identical runs, so they
 * live in the manifest's summary, not in hashed files).
 */

/** Losses of one epoch, in nats per image (batch means of Σ-pixel BCE + KL). */
export interface EpochLosses {
  epoch: number;
  trainLoss: number;
  trainRecon: number;
  trainKl: number;
  valLoss: number;
  valRecon: number;
  valKl: number;
}

/** Wall time of one epoch: its training steps, and the validation after them. */
export interface EpochTiming {
  epoch: number;
  /** Training steps only; samplesPerSecond is over these. */
  seconds: number;
  samplesPerSecond: number;
  validationSeconds: number;
}

const COLUMNS: (keyof EpochLosses)[] = [
  "epoch",
  "trainLoss",
  "trainRecon",
  "trainKl",
  "valLoss",
  "valRecon",
  "valKl",
];

/**
 * The history as CSV with a header row; numbers printed in full (shortest round-trip form).
 *
 * @example
 * ```ts
 * import { historyCsv } from "./history.ts";
 * historyCsv([{ epoch: 1, trainLoss: 2, trainRecon: 1.5, trainKl: 0.5, valLoss: 2, valRecon: 1.5, valKl: 0.5 }]);
 * // "epoch,trainLoss,trainRecon,trainKl,valLoss,valRecon,valKl\n1,2,1.5,0.5,2,1.5,0.5\n"
 * ```
 */
export function historyCsv(rows: EpochLosses[]): string {
  return [COLUMNS.join(","), ...rows.map((row) => COLUMNS.map((c) => String(row[c])).join(","))].join("\n") +
    "\n";
}
