// The start page shows the newest full evaluation, else the newest quick look, passing over ones it cannot read.
import assert from "node:assert/strict";
import { join } from "node:path";
import { tempDir } from "../../_files.ts";
import { newestEvaluation } from "../../../lib/tools/view/newest_evaluation.ts";
import type { PageAnswer } from "../../../lib/tools/view/evaluation_answer.ts";

/** A root whose run records (oldest first) each made the evaluation of that id. */
async function rootOfEvaluations(ids: string[]): Promise<string> {
  const root = await tempDir();
  await Deno.mkdir(join(root, "runs"));
  for (const [i, id] of ids.entries()) {
    const runId = `20260101T0000${String(i).padStart(2, "0")}.000Z-0000`;
    const stage = {
      kind: "evaluate",
      stage: "evaluate",
      id,
      outcome: "new",
      reasons: [],
      params: {},
      inputs: [],
    };
    const record = {
      id: runId,
      command: [],
      started: "",
      finished: "",
      stages: [{ ...stage, seconds: 1 }],
      host: {},
    };
    await Deno.writeTextFile(join(root, "runs", `${runId}.json`), JSON.stringify(record));
  }
  return root;
}

const id = (n: number) => n.toString(16).padStart(16, "0");

/** Answers by id: "full", "quick", or none (cannot be read). */
function answers(kinds: Record<string, "full" | "quick">) {
  return (_root: string, evaluation: string): Promise<PageAnswer | undefined> =>
    Promise.resolve(
      kinds[evaluation] === undefined ? undefined : { lines: [], quickLook: kinds[evaluation] === "quick" },
    );
}

Deno.test("the start page shows the newest full evaluation even when quick looks are newer", async () => {
  const root = await rootOfEvaluations([id(1), id(2), id(3), id(4)]);
  const found = await newestEvaluation(root, answers({ [id(1)]: "full", [id(2)]: "full", [id(3)]: "quick" }));
  assert.equal(found.shown?.id, id(2));
  assert.equal(found.shown?.answer.quickLook, false);
  assert.deepEqual(found.unreadable, [id(4)], "the newest, unreadable, is named");
});

Deno.test("with only quick looks the start page shows the newest quick look", async () => {
  const root = await rootOfEvaluations([id(1), id(2)]);
  const found = await newestEvaluation(root, answers({ [id(1)]: "quick", [id(2)]: "quick" }));
  assert.equal(found.shown?.id, id(2));
  assert.equal(found.shown?.answer.quickLook, true);
});

Deno.test("with no evaluation, or none readable, the start page shows none", async () => {
  assert.deepEqual(await newestEvaluation(await tempDir(), answers({})), { unreadable: [] });
  const root = await rootOfEvaluations([id(1)]);
  assert.deepEqual(await newestEvaluation(root, answers({})), { unreadable: [id(1)] });
});
