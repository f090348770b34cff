/**
 * The plan of `deno task all`: its flags (every stage's, the common ones, --profile), routed
 * to the stage that owns each, and every stage's params read and checked before anything
 * runs. Shared by `all` itself and by `sweep`, which checks every cell's plan before it
 * starts one.
 */
import { type FlagOptions, type FlagValues, parseFlags } from "../../core/cli/flags.ts";
import { COMMON_FLAGS, flagOwners, rootFromFlags, stageFlags } from "../../core/cli/stage_flags.ts";
import { type PlannedStage, runTimed } from "../../core/cli/run_recorded.ts";
import type { StageOutcome } from "../../core/store/run_record.ts";
import { PIPELINE } from "../../stages/pipeline_order.ts";
import { NotUpToDate } from "../../core/store/produce_artifact.ts";

/** The profiles of `all`: defaults for flags not given. */
export const ALL_PROFILES: Readonly<Record<string, FlagValues>> = {
  default: {},
  /** 10,000 training and 1,000 test images, 3 epochs, 20 passes: a quick look. */
  smoke: { "limit-train": "10000", "limit-test": "1000", epochs: "3", passes: "20" },
};

/** Every flag `all` takes. */
export function allFlagOptions(): FlagOptions {
  const options: FlagOptions = { ...COMMON_FLAGS, profile: { type: "string" } };
  for (const stage of PIPELINE) Object.assign(options, stageFlags(stage));
  return options;
}

/** A checked plan of `all`. */
export interface AllPlan {
  profile: string;
  stages: PlannedStage[];
  where: { root: string; force: boolean };
}

/**
 * The plan of `deno task all <args>`; throws a RangeError naming the flag for an unknown
 * flag, an unknown profile or a value a stage refuses.
 */
export function planAll(args: string[], command = "all"): AllPlan {
  const owners = flagOwners(PIPELINE);
  const parsed = parseFlags(args, allFlagOptions(), command);
  const profile = typeof parsed.profile === "string" ? parsed.profile : "default";
  const defaults = ALL_PROFILES[profile];
  if (defaults === undefined) {
    throw new RangeError(
      `--profile ${JSON.stringify(profile)}: expected ${Object.keys(ALL_PROFILES).join(" or ")}`,
    );
  }
  const flags: FlagValues = { ...defaults, ...parsed };
  const stages = PIPELINE.map((stage) => {
    const own = Object.fromEntries(
      Object.entries(flags).filter(([name]) => owners.get(name)?.includes(stage)),
    );
    return { stage, params: stage.paramsFromFlags(own), options: stage.optionsFromFlags(own) };
  });
  return { profile, stages, where: rootFromFlags(flags) };
}

/** What a dry run of a plan found. */
export interface DryRun {
  /** The stages found up to date, in order, as a run record states them. */
  outcomes: StageOutcome[];
  /** The first artifact the plan would compute (a damaged one is named by its stage only). */
  toCompute?: { kind: string; id?: string };
}

/**
 * A dry run of `plan`: each stage is asked in order, reading what the stage before it made,
 * whether its artifact is up to date and intact, computing and writing nothing (but the hash
 * cache); it stops at the first that is not. A stage that cannot say (a damaged artifact) is
 * named by its stage, without an id: running the plan reports what is wrong.
 */
export async function dryRunPlan(plan: AllPlan): Promise<DryRun> {
  const outcomes: StageOutcome[] = [];
  let from: string | undefined;
  for (const { stage, params, options } of plan.stages) {
    try {
      outcomes.push(await runTimed(stage, params, { ...plan.where, from, options, dryRun: true }));
      from = outcomes.at(-1)!.id;
    } catch (e) {
      return {
        outcomes,
        toCompute: e instanceof NotUpToDate ? { kind: e.kind, id: e.id } : { kind: stage.name },
      };
    }
  }
  return { outcomes };
}

/** The first artifact that running `plan` would compute, or undefined when all is up to date. */
export async function firstArtifactToCompute(
  plan: AllPlan,
): Promise<{ kind: string; id?: string } | undefined> {
  return (await dryRunPlan(plan)).toCompute;
}

/** Whether running `plan` would compute nothing (see {@link dryRunPlan}). */
export async function planIsUpToDate(plan: AllPlan): Promise<boolean> {
  return await firstArtifactToCompute(plan) === undefined;
}
