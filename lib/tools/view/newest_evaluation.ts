/**
 * Which evaluation the start page shows: the newest one of the full recipe, or, when every
 * recorded evaluation is a quick look, the newest quick look; one whose artifacts cannot be
 * read or whose metrics.json is not an evaluation's is passed over (and named). "Newest" follows the run
 * records (the one place with time stamps), newest first; only the newest
 * {@link RUNS_LOOKED_AT} are read, so a root of 100,000 runs answers as fast as one of 100.
 */
import { isRunId } from "../../core/store/ids.ts";
import { readRunRecord } from "../../core/store/run_record.ts";
import { recordIds } from "./paging.ts";
import { type PageAnswer, pageAnswer } from "./evaluation_answer.ts";

/** Run records read, newest first, to find a full evaluation. */
export const RUNS_LOOKED_AT = 200;

/** The evaluation the start page shows. */
export interface ShownEvaluation {
  id: string;
  /** The run that made or used it. */
  runId: string;
  answer: PageAnswer;
}

/** What the start page found: the evaluation to show, if any, and the newer ones it could not read. */
export interface NewestEvaluation {
  shown?: ShownEvaluation;
  /** Evaluations recorded by runs newer than the one shown whose answer cannot be worked out (damaged, foreign). */
  unreadable: string[];
}

/**
 * The newest full evaluation under `root` whose answer can be worked out, else the newest
 * such quick look, else none. Runs whose records cannot be read are passed over; evaluations
 * whose answer cannot be worked out are listed in `unreadable`. `answerOf` works out an
 * evaluation's answer (tests give their own).
 */
export async function newestEvaluation(
  root: string,
  answerOf: (root: string, id: string) => Promise<PageAnswer | undefined> = pageAnswer,
): Promise<NewestEvaluation> {
  const runIds = (await recordIds(root, "runs", isRunId)).slice(0, RUNS_LOOKED_AT);
  const seen = new Set<string>();
  const unreadable: string[] = [];
  let quickLook: ShownEvaluation | undefined;
  for (const runId of runIds) {
    const run = await readRunRecord(root, runId).catch(() => undefined);
    if (run === undefined || (run.status ?? "ok") !== "ok") continue;
    for (const stage of run.stages.toReversed()) {
      if (stage.kind !== "evaluate" || seen.has(stage.id)) continue;
      seen.add(stage.id);
      const answer = await answerOf(root, stage.id);
      if (answer === undefined) {
        if (quickLook === undefined) unreadable.push(stage.id);
        continue;
      }
      if (!answer.quickLook) return { shown: { id: stage.id, runId, answer }, unreadable };
      quickLook ??= { id: stage.id, runId, answer };
    }
  }
  return quickLook === undefined ? { unreadable } : { shown: quickLook, unreadable };
}
