/**
 * The kinds of artifact the pipeline makes, the task that makes each, and the one format
 * version of each that this checkout reads and writes.
 */

/** Task that makes each kind of artifact (for messages that say what to rerun). */
export const TASK_OF_KIND: Readonly<Record<string, string>> = {
  mnist: "fetch-mnist",
  model: "train",
  export: "export",
  evaluate: "evaluate",
};

/**
 * The schema (kind@version) of each kind that this checkout reads and writes. Every reader
 * refuses another version (lib/core/store/artifact_read.ts), and every stage writes this one.
 */
export const SCHEMA_OF_KIND: Readonly<Record<string, string>> = {
  mnist: "mnist@1",
  model: "model@1",
  export: "export@1",
  evaluate: "evaluate@1",
};

/**
 * Why this checkout does not read an artifact whose manifest says `schema`, as the tail of
 * a one-line error; undefined when it does (or when `schema` names no known kind: the
 * manifest's own check says what is wrong then).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unsupportedSchema } from "./kinds.ts";
 * assert.equal(unsupportedSchema("model@1"), undefined);
 * assert.match(unsupportedSchema("model@2")!, /^schema model@2: format version 2 is not the supported 1; rerun 'deno task train'/);
 * ```
 */
export function unsupportedSchema(schema: string): string | undefined {
  const match = /^([a-z][a-z0-9-]*)@(\d+)$/.exec(schema);
  if (match === null || !Object.hasOwn(SCHEMA_OF_KIND, match[1]!)) return undefined;
  const [, kind, version] = match;
  const supported = SCHEMA_OF_KIND[kind!]!;
  if (schema === supported) return undefined;
  const task = TASK_OF_KIND[kind!];
  return `schema ${schema}: format version ${version} is not the supported ${supported.split("@")[1]}; ` +
    `rerun 'deno task ${task}' to make it in this checkout's format, or read it with the checkout that wrote it`;
}

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

/** The kind name and version of a schema string such as "mnist@1". */
export function parseSchema(schema: string): { kind: string; version: number } {
  const match = /^([a-z][a-z0-9-]*)@(\d+)$/.exec(schema);
  if (!match) throw new SyntaxError(`schema "${schema}" is not of the form kind@version`);
  return { kind: match[1]!, version: Number(match[2]) };
}
