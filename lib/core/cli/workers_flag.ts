/**
 * `--workers`, the option of the stages that compute on one or two threads (train and
 * evaluate): how, not what, so not a param; the same bytes either way.
 */
import { type FlagOptions, type FlagValues, numberFlag } from "./flags.ts";

/** The option of stages that compute on one or two threads: how, not what, so not a param. */
export interface WorkersOption {
  /** Threads: 2 puts half the work in a Web Worker (default on 2+ cores); same bytes as 1. */
  workers: 1 | 2;
}

/** The flag definition of {@link WorkersOption}, for a stage's `options`. */
export const WORKERS_FLAG = { workers: { type: "string" } } as const satisfies FlagOptions;

/** The {@link WorkersOption} given by parsed flags. */
export function workersOptionFromFlags(values: FlagValues): WorkersOption {
  return { workers: workersFlag(values) };
}

/**
 * Reads `--workers`, the threads a stage computes on: 1 or 2, by default 2 on a machine
 * with two or more cores. It says how, not what: results are the same bytes either way.
 */
export function workersFlag(values: FlagValues): 1 | 2 {
  const cores = navigator.hardwareConcurrency;
  return numberFlag(values, "workers", { default: cores >= 2 ? 2 : 1, min: 1, max: 2, integer: true }) as
    | 1
    | 2;
}
