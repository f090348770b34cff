/**
 * The flags of `deno task all` as --help lists them, grouped by the stage that owns each
 * (--workers and --engine under every stage that takes them), after all's own.
 */
import { type FlagGroup, optionLines } from "../../core/cli/flag_help.ts";
import { FLAG_NOTES } from "../../core/cli/flag_notes.ts";
import { stageFlagLines } from "../../core/cli/stage_help.ts";
import { COMMON_FLAGS } from "../../core/cli/stage_flags.ts";
import { PIPELINE } from "../../stages/pipeline_order.ts";

/** --help's flags of `deno task all`: its own, then each stage's in pipeline order. */
export function allFlagGroups(): FlagGroup[] {
  return [
    { title: "all", flags: optionLines({ profile: { type: "string" }, ...COMMON_FLAGS }, FLAG_NOTES) },
    ...PIPELINE.map((stage) => ({ title: stage.name, flags: stageFlagLines(stage) })),
  ];
}
