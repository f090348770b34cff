/**
 * The flags of `deno task sweep` as --help lists them: the sweep's own (profile, jobs, the
 * Slurm executor's), then every flag of `deno task all`, grouped by stage, which the cells
 * take and whose params take lists (1,2,3) and ranges (1..5).
 */
import { allFlagGroups } from "../all/all_help.ts";
import { type FlagGroup, optionLines } from "../../core/cli/flag_help.ts";
import { FLAG_NOTES } from "../../core/cli/flag_notes.ts";
import { EXECUTOR_FLAGS } from "./slurm_options.ts";
import { SWEEP_OWN_FLAGS } from "./sweep_plan.ts";
import { SWEEP_PROFILES } from "./sweep_profiles.ts";

/** --help's flags of `deno task sweep`. */
export function sweepFlagGroups(): FlagGroup[] {
  const profiles = Object.keys(SWEEP_PROFILES).join("|");
  const notes = {
    ...FLAG_NOTES,
    profile: {
      about: "a named grid; latent-study: latent sizes 2..64 × seeds 1..3, full data, 50 epochs",
      value: profiles,
      default: "default",
      range: profiles,
    },
  };
  const [all, ...stages] = allFlagGroups();
  return [
    {
      title: "sweep",
      flags: optionLines({ profile: { type: "string" }, ...SWEEP_OWN_FLAGS, ...EXECUTOR_FLAGS }, notes),
    },
    { title: "every cell", flags: all!.flags.filter((line) => line.flag !== "profile") },
    ...stages.map((group) => ({
      title: `${group.title} (params take lists and ranges)`,
      flags: group.flags,
    })),
  ];
}
