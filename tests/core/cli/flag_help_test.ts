// --help lists exactly the flags each command's parser accepts, each with a description, and every param with its default and range.
import assert from "node:assert/strict";
import { flagGroupsText, flagNames, paramLines } from "../../../lib/core/cli/flag_help.ts";
import { allFlagGroups } from "../../../lib/tools/all/all_help.ts";
import { allFlagOptions } from "../../../lib/tools/all/all_plan.ts";
import { paramFlags } from "../../../lib/core/cli/params.ts";
import { stageFlagGroups } from "../../../lib/core/cli/stage_help.ts";
import { COMMON_FLAGS } from "../../../lib/core/cli/stage_flags.ts";
import { FLAG_NOTES } from "../../../lib/core/cli/flag_notes.ts";
import { PIPELINE } from "../../../lib/stages/pipeline_order.ts";
import { sweepFlagGroups } from "../../../lib/tools/sweep/sweep_help.ts";
import { SWEEP_OWN_FLAGS } from "../../../lib/tools/sweep/sweep_plan.ts";
import { EXECUTOR_FLAGS } from "../../../lib/tools/sweep/slurm_options.ts";
import { TRAIN_PARAMS } from "../../../lib/stages/train/train_params.ts";
import type { FlagGroup } from "../../../lib/core/cli/flag_help.ts";

function sorted(names: Iterable<string>): string[] {
  return [...names].sort();
}

function assertDescribed(groups: FlagGroup[], command: string): void {
  for (const group of groups) {
    for (const line of group.flags) {
      assert.notEqual(line.about.trim(), "", `${command}: --${line.flag} has no description`);
    }
  }
}

for (const stage of PIPELINE) {
  Deno.test(`${stage.name}'s --help lists exactly the flags it accepts run alone, each described`, () => {
    // The flags runStageWithArgs() parses.
    const accepted = { ...paramFlags(stage.params, true), ...stage.options, ...COMMON_FLAGS, from: {} };
    const groups = stageFlagGroups(stage);
    assert.deepEqual(sorted(flagNames(groups)), sorted(Object.keys(accepted)));
    assertDescribed(groups, stage.name);
  });
}

Deno.test("all's --help lists exactly the flags all accepts, grouped by the stage that owns each", () => {
  const groups = allFlagGroups();
  assert.deepEqual(sorted(flagNames(groups)), sorted(Object.keys(allFlagOptions())));
  assert.deepEqual(groups.map((group) => group.title), ["all", ...PIPELINE.map((stage) => stage.name)]);
  assert.ok(groups.find((g) => g.title === "train")!.flags.some((line) => line.flag === "epochs"));
  assert.ok(groups.find((g) => g.title === "evaluate")!.flags.some((line) => line.flag === "passes"));
  assertDescribed(groups, "all");
});

Deno.test("sweep's --help lists exactly the flags sweep accepts", () => {
  const groups = sweepFlagGroups();
  const accepted = { ...allFlagOptions(), ...SWEEP_OWN_FLAGS, ...EXECUTOR_FLAGS };
  assert.deepEqual(sorted(flagNames(groups)), sorted(Object.keys(accepted)));
  assertDescribed(groups, "sweep");
});

Deno.test("paramLines() gives every param its declared default and range", () => {
  const lines = paramLines(TRAIN_PARAMS, FLAG_NOTES);
  const epochs = lines.find((line) => line.flag === "epochs")!;
  assert.equal(epochs.default, "50");
  assert.equal(epochs.range, "an integer in 1..100000");
  assert.equal(lines.find((line) => line.flag === "engine")!.range, "wasm|native");
  assert.equal(lines.find((line) => line.flag === "lr")!.range, "a number > 0, at most 10");
  for (const line of lines) assert.ok(line.default !== undefined && line.range !== undefined, line.flag);
});

Deno.test("flagGroupsText() prints a heading per group and one line per flag with its default and range", () => {
  const text = flagGroupsText([
    { title: "train", flags: paramLines<{ epochs: number }>({ epochs: TRAIN_PARAMS.epochs }, FLAG_NOTES) },
    { title: "export", flags: [] },
  ]);
  assert.equal(
    text,
    "Flags:\n  train:\n    --epochs N  passes over the training set (default 50; an integer in 1..100000)\n" +
      "  export:\n    (no flags of its own)",
  );
});
