/**
 * The shapes of the names the store hands out, defined once: artifact ids (16 hex digits of
 * a SHA-256) and run ids (UTC time to the millisecond plus 4 random hex digits).
 */

/** An artifact id: the first 16 hex digits of the SHA-256 of what determines the artifact. */
export const ARTIFACT_ID = /^[0-9a-f]{16}$/;

/** A run id, e.g. 20261126T002547.855Z-87f2: sortable by time. */
export const RUN_ID = /^\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{4}$/;

/**
 * Whether `text` is an artifact id.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isArtifactId } from "./ids.ts";
 * assert.ok(isArtifactId("c76e55fe640af640"));
 * assert.ok(!isArtifactId("../../etc"));
 * ```
 */
export function isArtifactId(text: string): boolean {
  return ARTIFACT_ID.test(text);
}

/**
 * Whether `text` is a run id.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isRunId } from "./ids.ts";
 * assert.ok(isRunId("20261126T002547.855Z-87f2"));
 * assert.ok(!isRunId("c76e55fe640af640"));
 * ```
 */
export function isRunId(text: string): boolean {
  return RUN_ID.test(text);
}
