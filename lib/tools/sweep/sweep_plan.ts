/**
 * A sweep's plan from its command line: the profile, the grid (axes and the arguments every
 * cell gets), how many cells run at once, and the sweep id, a hash of the grid, so the same
 * command names the same sweep. Everything is checked before any cell starts.
 */
import { resolve } from "node:path";
import { type FlagOptions, numberFlag, parseFlags, stringFlag } from "../../core/cli/flags.ts";
import { allFlagOptions } from "../all/all_plan.ts";
import { PIPELINE } from "../../stages/pipeline_order.ts";
import { canonicalJson } from "../../core/store/artifact_id.ts";
import { DEFAULT_ARTIFACTS_ROOT } from "../../core/store/artifact_read.ts";
import { sha256Hex } from "../../core/runtime/hash.ts";
import { axesOf, type Axis, DEFAULT_MAX_CELLS, type GridCell, gridCells } from "./sweep_grid.ts";
import { SWEEP_PROFILES, type SweepProfile } from "./sweep_profiles.ts";

/** The flags of the sweep itself (the rest are `all`'s, with lists). */
export const SWEEP_OWN_FLAGS = {
  jobs: { type: "string" },
  "max-cells": { type: "string" },
} as const satisfies FlagOptions;

/** A checked sweep. */
export interface SweepPlan {
  id: string;
  profileName: string;
  profile: SweepProfile;
  root: string;
  axes: Axis[];
  /** Arguments every cell gets besides its axis values, --artifacts excluded. */
  fixed: string[];
  cells: GridCell[];
  jobs: number;
}

/** Cells at once by default: one per two cores, since one cell already computes on two threads. */
export function defaultJobs(cores = navigator.hardwareConcurrency): number {
  return Math.max(1, Math.floor(cores / 2));
}

/** The plan of `deno task sweep <args>`; a RangeError naming the flag for anything wrong. */
export function planSweep(
  args: string[],
  extraOptions: FlagOptions = {},
): SweepPlan & { flags: Record<string, unknown> } {
  const flags = parseFlags(args, { ...allFlagOptions(), ...SWEEP_OWN_FLAGS, ...extraOptions }, "sweep");
  const profileName = stringFlag(flags, "profile") ?? "default";
  const profile = SWEEP_PROFILES[profileName];
  if (profile === undefined) {
    throw new RangeError(
      `--profile ${JSON.stringify(profileName)}: expected ${Object.keys(SWEEP_PROFILES).join(", ")}`,
    );
  }
  const jobs = numberFlag(flags, "jobs", { default: defaultJobs(), min: 1, max: 256, integer: true });
  const maxCells = numberFlag(flags, "max-cells", { default: DEFAULT_MAX_CELLS, min: 1, integer: true });
  // Absolute: cells run in the project root, Slurm tasks wherever --chdir puts them.
  const root = resolve(stringFlag(flags, "artifacts") ?? DEFAULT_ARTIFACTS_ROOT);
  const notSwept = new Set([
    "profile",
    "artifacts",
    ...Object.keys(SWEEP_OWN_FLAGS),
    ...Object.keys(extraOptions),
  ]);
  // Only params take lists and ranges; a stage's options (--workers, --dir, --mirror…) say how
  // a cell runs, go to every cell as given, and are not part of what the sweep is.
  const params = new Set(
    PIPELINE.flatMap((stage) => Object.values(stage.params as Record<string, { flag: string }>))
      .map((spec) => spec.flag),
  );
  const swept = Object.fromEntries(
    Object.entries(flags).filter(([flag]) => !notSwept.has(flag) && params.has(flag)),
  );
  const options = Object.entries(flags).filter(([flag]) =>
    !notSwept.has(flag) && !params.has(flag) && flag !== "force"
  )
    .flatMap(([flag, value]) =>
      [value].flat().flatMap((v) => v === true ? [`--${flag}`] : [`--${flag}`, String(v)])
    );
  // A profile's lists first, in its order; a flag given on the command line replaces its list.
  const axes = axesOf({ ...profile.axes, ...swept });
  const fixed = [
    ...(profile.cellProfile === "default" ? [] : ["--profile", profile.cellProfile]),
    ...(flags.force === true ? ["--force"] : []),
  ];
  const cells = gridCells(axes, [...fixed, ...options, "--artifacts", root], maxCells);
  const id = sha256Hex(canonicalJson({ profile: profileName, axes, fixed })).slice(0, 16);
  return { id, profileName, profile, root, axes, fixed, cells, jobs, flags };
}
