// runRecorded() hands each stage after the first the id its predecessor made, never LATEST.
import assert from "node:assert/strict";
import type { AnyStage } from "../../../lib/core/cli/stage.ts";
import { runRecorded } from "../../../lib/core/cli/run_recorded.ts";
import { evaluateStage } from "../../../lib/stages/evaluate/evaluate_stage.ts";

Deno.test("runRecorded() hands each stage after the first the id of what the stage before it made, never LATEST", async () => {
  const root = await Deno.makeTempDir();
  const seen: (string | undefined)[] = [];
  const fake = (name: string, id: string): AnyStage => ({
    ...evaluateStage,
    name,
    run: (_params, context) => {
      seen.push(context.from);
      return Promise.resolve({
        dir: root,
        manifest: { kind: "evaluate", id, params: {}, inputs: [] },
        outcome: "up to date",
        reasons: [],
      } as never);
    },
  });
  const plan = [
    fake("one", "1111111111111111"),
    fake("two", "2222222222222222"),
    fake("three", "3333333333333333"),
  ]
    .map((stage) => ({ stage, params: {}, options: {} }));
  const log = console.log;
  console.log = () => {};
  try {
    await runRecorded("all", plan, { root, force: false }, [], new Date());
  } finally {
    console.log = log;
    await Deno.remove(root, { recursive: true });
  }
  assert.deepEqual(seen, [undefined, "1111111111111111", "2222222222222222"]);
});
