/** The kinds of artifact the pipeline makes, and the task that makes each. */

/** Task that makes each kind of artifact (for messages that say what to rerun). */
export const TASK_OF_KIND: Readonly<Record<string, string>> = {
  mnist: "fetch-mnist",
  model: "train",
  export: "export",
  evaluate: "evaluate",
};

/** The task that makes artifacts of `kind`; undefined for anything but a known kind. */
export function taskOfKind(kind: string): string | undefined {
  return Object.hasOwn(TASK_OF_KIND, kind) ? TASK_OF_KIND[kind] : undefined;
}

/**
 * What to do about a corrupted stored artifact of `kind`: rerun the task that made it, with
 * the same flags and --force.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { recomputeAdvice } from "./kinds.ts";
 * assert.match(recomputeAdvice("model"), /deno task train/);
 * ```
 */
export function recomputeAdvice(kind: string): string {
  const task = taskOfKind(kind);
  return task === undefined
    ? "recompute it with --force on the command that made it"
    : `rerun 'deno task ${task}' with the flags that made it and --force to recompute it`;
}
