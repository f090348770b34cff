/**
 * What every stage shares: the common flags (--artifacts, --force, --from), timing one
 * stage into a {@link StageOutcome}, and the entry point of a stage run alone (parse flags,
 * run, record the run).
 */
import { DEFAULT_ARTIFACTS_ROOT } from "../store/artifact_store.ts";
import { type FlagOptions, type FlagValues, parseFlags, runStageMain, stringFlag } from "./flags.ts";
import { recordRun, type StageOutcome } from "../store/run_record.ts";
import type { StageResult } from "../store/produce_artifact.ts";

/** Flags every stage takes. */
export const COMMON_FLAGS = {
  artifacts: { type: "string" },
  force: { type: "boolean" },
} as const satisfies FlagOptions;

/** Where a stage works. */
export interface StageContext {
  root: string;
  force: boolean;
}

/** A stage: its flags and how to run it. */
export interface Stage {
  name: string;
  /** Its own flags (beyond {@link COMMON_FLAGS} and --from). */
  flags: FlagOptions;
  run(flags: FlagValues, context: StageContext): Promise<StageResult>;
}

/** The context given by parsed common flags. */
export function contextFromFlags(flags: FlagValues): StageContext {
  return { root: stringFlag(flags, "artifacts") ?? DEFAULT_ARTIFACTS_ROOT, force: flags.force === true };
}

/** Runs `stage` and times it into a {@link StageOutcome}. */
export async function runTimed(
  stage: Stage,
  flags: FlagValues,
  context: StageContext,
): Promise<StageOutcome> {
  const started = performance.now();
  const result = await stage.run(flags, context);
  return {
    stage: stage.name,
    kind: result.manifest.kind,
    id: result.manifest.id,
    outcome: result.outcome,
    reasons: result.reasons,
    params: result.manifest.params,
    inputs: result.manifest.inputs,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The entry point of a stage run alone: `deno task <stage> [flags]`. */
export async function runStageAlone(stage: Stage): Promise<void> {
  await runStageMain(stage.name, async () => {
    const started = new Date();
    const flags = parseFlags(
      Deno.args,
      { ...stage.flags, ...COMMON_FLAGS, from: { type: "string" } },
      stage.name,
    );
    const context = contextFromFlags(flags);
    const outcome = await runTimed(stage, flags, context);
    const path = await recordRun(context.root, started, [outcome]);
    console.log(`run recorded: ${path}`);
  });
}
