// Flag ownership under `deno task all`: every pipeline flag has one owner (only --workers and --engine are shared by train and evaluate), and two stages claiming one flag are refused.
import assert from "node:assert/strict";
import type { AnyStage } from "../../../lib/core/cli/stage.ts";
import { flagOwners } from "../../../lib/core/cli/stage_flags.ts";
import { PIPELINE } from "../../../lib/stages/pipeline_order.ts";
import { evaluateStage } from "../../../lib/stages/evaluate/evaluate_stage.ts";
import { trainStage } from "../../../lib/stages/train/train_stage.ts";

function ownersOf(flag: string): string[] {
  return (flagOwners(PIPELINE).get(flag) ?? []).map((stage) => stage.name);
}

Deno.test("every flag of the pipeline has one owner under all, except --workers and --engine, which train and evaluate share", () => {
  const owners = flagOwners(PIPELINE);
  for (const [flag, stages] of owners) {
    if (flag !== "workers" && flag !== "engine") {
      assert.equal(
        stages.length,
        1,
        `--${flag}: ${stages.map((s) => s.name)}`,
      );
    }
  }
  assert.deepEqual(ownersOf("workers"), ["train", "evaluate"]);
  assert.deepEqual(ownersOf("engine"), ["train", "evaluate"]);
  assert.deepEqual(ownersOf("seed"), ["train"]);
  assert.deepEqual(ownersOf("eval-seed"), ["evaluate"]);
  assert.deepEqual(ownersOf("passes"), ["evaluate"]);
  assert.deepEqual(ownersOf("limit-train"), ["fetch-mnist"]);
});

Deno.test("flagOwners() refuses two stages that claim one flag", () => {
  const twin: AnyStage = { ...evaluateStage, name: "twin", params: { seed: trainStage.params.seed } };
  assert.throws(() => flagOwners([trainStage, twin]), /--seed is claimed by both train and twin/);
  const sharer: AnyStage = {
    ...evaluateStage,
    name: "sharer",
    params: {},
    options: { workers: { type: "string" } },
  };
  assert.doesNotThrow(() => flagOwners([trainStage, sharer]));
});
