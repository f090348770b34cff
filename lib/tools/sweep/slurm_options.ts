/**
 * How a sweep runs its cells on Slurm: the flags `--executor slurm` takes, read and checked
 * before anything is submitted.
 */
import {
  choiceFlag,
  type FlagOptions,
  type FlagValues,
  numberFlag,
  stringFlag,
} from "../../core/cli/flags.ts";

/** The sweep's executor flags. */
export const EXECUTOR_FLAGS = {
  executor: { type: "string" },
  "slurm-partition": { type: "string" },
  "slurm-account": { type: "string" },
  "slurm-time": { type: "string" },
  "slurm-cpus": { type: "string" },
  "slurm-mem": { type: "string" },
  "slurm-extra": { type: "string" },
} as const satisfies FlagOptions;

/** Where cells run. */
export type Executor = "local" | "slurm";

/** sbatch settings of a Slurm sweep. */
export interface SlurmOptions {
  partition?: string;
  account?: string;
  /** As sbatch takes it: minutes, or [days-]hours:minutes:seconds. */
  time?: string;
  cpus: number;
  mem?: string;
  /** Anything else for sbatch, split on whitespace. */
  extra: string[];
}

const TIME = /^(\d+|\d+:\d{1,2}(:\d{1,2})?|\d+-\d{1,2}(:\d{1,2}(:\d{1,2})?)?)$/;

/** The executor and, for Slurm, its options, from parsed flags; a RangeError naming a bad flag. */
export function executorFromFlags(flags: FlagValues): { executor: Executor; slurm?: SlurmOptions } {
  const executor = choiceFlag(flags, "executor", ["local", "slurm"] as const, "local");
  const given = Object.keys(flags).filter((flag) => flag.startsWith("slurm-"));
  if (executor === "local") {
    if (given.length > 0) throw new RangeError(`--${given[0]} needs --executor slurm`);
    return { executor };
  }
  const time = stringFlag(flags, "slurm-time");
  if (time !== undefined && !TIME.test(time)) {
    throw new RangeError(
      `--slurm-time ${
        JSON.stringify(time)
      }: expected minutes or [days-]hours:minutes[:seconds], as sbatch --time`,
    );
  }
  const text = (flag: string) => {
    const value = stringFlag(flags, flag);
    if (value !== undefined && (value.trim() === "" || /\s/.test(value.trim()))) {
      throw new RangeError(`--${flag} ${JSON.stringify(value)}: expected one word`);
    }
    return value?.trim();
  };
  const partition = text("slurm-partition");
  const account = text("slurm-account");
  const mem = text("slurm-mem");
  return {
    executor,
    slurm: {
      ...(partition === undefined ? {} : { partition }),
      ...(account === undefined ? {} : { account }),
      ...(time === undefined ? {} : { time }),
      ...(mem === undefined ? {} : { mem }),
      cpus: numberFlag(flags, "slurm-cpus", { default: 2, min: 1, max: 1024, integer: true }),
      extra: (stringFlag(flags, "slurm-extra") ?? "").split(/\s+/).filter((word) => word !== ""),
    },
  };
}
