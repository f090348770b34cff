/**
 * Per-epoch training history: losses of the training pass and of the validation set, as
 * JSON rows and CSV. Timings are kept apart (they differ between identical runs, so they
 * live in the manifest's summary, not in hashed files). Every loss is a finite number: the
 * writers refuse anything else, so what they write is what the readers (diff, compare, a
 * resumed training) accept.
 */
import { join } from "node:path";
import { z } from "zod";

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

const COLUMNS = ["epoch", "trainLoss", "trainRecon", "trainKl", "valLoss", "valRecon", "valKl"] as const;

/** History rows as history.json and a checkpoint's state hold them: finite numbers only (zod 4's z.number()). */
export const historySchema: z.ZodType<EpochLosses[]> = z.array(
  z.object(Object.fromEntries(COLUMNS.map((c) => [c, z.number()])) as Record<keyof EpochLosses, z.ZodNumber>),
);

/**
 * `rows`, or an Error naming the epoch and column that is not finite: the one thing
 * {@link historySchema} would refuse in rows the type system already made numbers.
 */
function writable(rows: EpochLosses[]): EpochLosses[] {
  for (const row of rows) {
    const bad = COLUMNS.find((c) => !Number.isFinite(row[c]));
    if (bad !== undefined) {
      throw new Error(
        `history: epoch ${row.epoch}: ${bad} is ${row[bad]}; a history with non-finite losses is not written`,
      );
    }
  }
  return rows;
}

/**
 * The history as history.json's text (one row per epoch); throws when a number is not finite.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { historyJson } from "./history.ts";
 * const row = { epoch: 1, trainLoss: 2, trainRecon: 1.5, trainKl: 0.5, valLoss: 2, valRecon: 1.5, valKl: 0.5 };
 * assert.equal(JSON.parse(historyJson([row]))[0].valKl, 0.5);
 * assert.throws(() => historyJson([{ ...row, valLoss: NaN }]), /epoch 1: valLoss is NaN/);
 * ```
 */
export function historyJson(rows: EpochLosses[]): string {
  return JSON.stringify(writable(rows), null, 1) + "\n";
}

/**
 * The history as CSV with a header row; numbers printed in full (shortest round-trip form).
 * Throws when a number is not finite.
 *
 * @example
 * ```ts
 * import { historyCsv } from "./history.ts";
 * historyCsv([{ epoch: 1, trainLoss: 2, trainRecon: 1.5, trainKl: 0.5, valLoss: 2, valRecon: 1.5, valKl: 0.5 }]);
 * // "epoch,trainLoss,trainRecon,trainKl,valLoss,valRecon,valKl\n1,2,1.5,0.5,2,1.5,0.5\n"
 * ```
 */
export function historyCsv(rows: EpochLosses[]): string {
  return [COLUMNS.join(","), ...writable(rows).map((row) => COLUMNS.map((c) => String(row[c])).join(","))]
    .join("\n") +
    "\n";
}

/** Writes `rows` into `dir` as history.json and history.csv. */
export async function writeHistory(dir: string, rows: EpochLosses[]): Promise<void> {
  await Deno.writeTextFile(join(dir, "history.json"), historyJson(rows));
  await Deno.writeTextFile(join(dir, "history.csv"), historyCsv(rows));
}
