/**
 * The flags of a stage as --help lists them: its params (defaults and ranges from their
 * declarations), its options, and the flags every stage takes — the same declarations its
 * parser reads.
 */
import { type FlagGroup, type FlagLine, optionLines, paramLines } from "./flag_help.ts";
import { FLAG_NOTES } from "./flag_notes.ts";
import type { AnyStage } from "./stage.ts";
import { COMMON_FLAGS } from "./stage_flags.ts";

/** The flags `stage` owns (params, then options); `alone` adds the aliases it takes run alone. */
export function stageFlagLines(stage: AnyStage, alone = false): FlagLine[] {
  return [...paramLines(stage.params, FLAG_NOTES, alone), ...optionLines(stage.options, FLAG_NOTES)];
}

/** --help's flags of `deno task <stage>`: the stage's own, then the common ones (--from included). */
export function stageFlagGroups(stage: AnyStage): FlagGroup[] {
  return [
    { title: stage.name, flags: stageFlagLines(stage, true) },
    { title: "every stage", flags: optionLines({ ...COMMON_FLAGS, from: { type: "string" } }, FLAG_NOTES) },
  ];
}
