/**
 * A stage run alone, `deno task <stage> [args]`: flags to params and options (all checked
 * before anything runs), the run and its record, then what the stage concludes with.
 */
import type { StageOutcome } from "../store/run_record.ts";
import { parseFlags, stringFlag } from "./flags.ts";
import type { Command } from "./main.ts";
import { paramFlags } from "./params.ts";
import { runRecorded } from "./run_recorded.ts";
import type { Stage } from "./stage.ts";
import { COMMON_FLAGS, rootFromFlags } from "./stage_flags.ts";
import { stageFlagGroups } from "./stage_help.ts";

/**
 * A stage run alone, `deno task <stage> [args]`: flags → params and options (all checked
 * before anything runs), the run, and its run record. Returns the artifact root and the
 * stage's outcome.
 */
export async function runStageWithArgs<P extends object, O>(
  stage: Stage<P, O>,
  args: string[],
): Promise<{ root: string; outcome: StageOutcome }> {
  const started = new Date();
  const flags = parseFlags(
    args,
    { ...paramFlags(stage.params, true), ...stage.options, ...COMMON_FLAGS, from: { type: "string" } },
    stage.name,
  );
  const params = stage.paramsFromFlags(flags);
  const context = {
    ...rootFromFlags(flags),
    from: stringFlag(flags, "from"),
    options: stage.optionsFromFlags(flags),
  };
  const [outcome] = await runRecorded(
    stage.name,
    [{ stage, params, options: context.options }],
    context,
    args,
    started,
  );
  return { root: context.root, outcome: outcome! };
}

/**
 * The command of a stage run alone: --help lists its flags; a run ends with what the stage
 * concludes (evaluate: the answer), after a blank line.
 */
export function stageCommand<P extends object, O>(stage: Stage<P, O>): Command {
  return {
    name: stage.name,
    kind: "stage",
    flags: () => stageFlagGroups(stage),
    run: async (args) => {
      const { root, outcome } = await runStageWithArgs(stage, args);
      if (stage.conclusion) console.log(`\n${(await stage.conclusion(root, outcome.id)).join("\n")}`);
    },
  };
}
