/**
 * An evaluation's answer as the pages show it: the answer's lines with its numbers
 * (lib/stages/evaluate/answer_numbers.ts, the same words a run ends with) and whether it is a quick
 * look. Working that out
 * verifies the export, model and mnist artifacts (tens of MB for full MNIST), so each
 * evaluation's answer is kept while its manifest stays unchanged.
 */
import { join } from "node:path";
import { answerNumbers, readAnswerSource } from "../../stages/evaluate/evaluate_artifact.ts";
import { MANIFEST_NAME } from "../../core/store/manifest.ts";

/** An evaluation's answer for a page. */
export interface PageAnswer {
  /** "label: text" lines with this run's numbers. */
  lines: string[];
  /** Made from a shortened run: its numbers are not the reproduction's. */
  quickLook: boolean;
}

/** Answers already worked out, by root and id, with the manifest's modification time then. */
const kept = new Map<string, { mtime: number; answer: PageAnswer | undefined }>();

/**
 * The answer of evaluation `id` under `root`; undefined when it cannot be worked out (a
 * damaged or foreign artifact, a metrics.json of another shape): the page then shows the
 * report alone.
 */
export async function pageAnswer(root: string, id: string): Promise<PageAnswer | undefined> {
  const key = `${root}\0${id}`;
  const mtime = await Deno.stat(join(root, "evaluate", id, MANIFEST_NAME)).then(
    (info) => info.mtime?.getTime() ?? NaN,
    () => NaN,
  );
  const before = kept.get(key);
  if (before && before.mtime === mtime) return before.answer;
  let answer: PageAnswer | undefined;
  try {
    const { metrics, shortened } = await readAnswerSource(root, id);
    answer = { lines: answerNumbers(metrics, shortened), quickLook: shortened.length > 0 };
  } catch {
    answer = undefined;
  }
  if (!Number.isNaN(mtime)) kept.set(key, { mtime, answer });
  return answer;
}
