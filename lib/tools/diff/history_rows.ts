/**
 * A model's history.json as the data diff compares and draws: per epoch its train and
 * validation loss (nats per image). Read with a schema, so a malformed file fails with its
 * path rather than drawing nonsense.
 */
import { z } from "zod";
import { parseOrThrow } from "../../core/store/manifest_schema.ts";
import { readSmallTextFile } from "../../core/store/safe_paths.ts";

const historySchema = z.array(z.object({ epoch: z.number(), trainLoss: z.number(), valLoss: z.number() }))
  .min(1);

/** One epoch's losses. */
export type HistoryRow = z.infer<typeof historySchema>[number];

/** The rows of the history.json at `path`; a SyntaxError naming the file when it is not one. */
export async function readHistoryRows(path: string): Promise<HistoryRow[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readSmallTextFile(path));
  } catch (e) {
    throw new SyntaxError(`${path}: ${(e as Error).message}`);
  }
  return parseOrThrow(historySchema, json, path);
}
