/**
 * The flags of stages: those every stage takes (--artifacts, --force), those several may
 * share (--workers, --engine), and which stage owns each flag under `deno task all`.
 */
import { DEFAULT_ARTIFACTS_ROOT } from "../store/artifact_read.ts";
import { type FlagOptions, type FlagValues, stringFlag } from "./flags.ts";
import { paramFlags } from "./params.ts";
import type { AnyStage } from "./stage.ts";

/** Flags every stage takes. */
export const COMMON_FLAGS = {
  artifacts: { type: "string" },
  force: { type: "boolean" },
} as const satisfies FlagOptions;

/**
 * Flags that several stages may declare, with one meaning: under `deno task all` each of them
 * goes to every stage that declares it (--workers, an option, and --engine, a param, to train
 * and evaluate). Any other flag has one owner.
 */
export const SHARED_FLAGS: ReadonlySet<string> = new Set(["workers", "engine"]);

/** Every flag `stage` takes under `deno task all`: its params' flags and its options. */
export function stageFlags(stage: AnyStage): FlagOptions {
  return { ...paramFlags(stage.params), ...stage.options };
}

/**
 * Which stages take each flag under `deno task all`. Throws a RangeError when two stages
 * claim a flag that is not one of {@link SHARED_FLAGS}.
 */
export function flagOwners(stages: readonly AnyStage[]): Map<string, AnyStage[]> {
  const owners = new Map<string, AnyStage[]>();
  for (const stage of stages) {
    for (const flag of Object.keys(stageFlags(stage))) {
      const claimed = owners.get(flag) ?? [];
      if (claimed.length > 0 && !SHARED_FLAGS.has(flag)) {
        throw new RangeError(`--${flag} is claimed by both ${claimed[0]!.name} and ${stage.name}`);
      }
      owners.set(flag, [...claimed, stage]);
    }
  }
  return owners;
}

/** The artifact root and --force of parsed common flags. */
export function rootFromFlags(flags: FlagValues): { root: string; force: boolean } {
  return { root: stringFlag(flags, "artifacts") ?? DEFAULT_ARTIFACTS_ROOT, force: flags.force === true };
}
