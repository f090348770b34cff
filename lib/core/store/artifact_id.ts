/**
 * Artifact ids: a fingerprint of everything that determines an artifact's content — its
 * schema, the stage's params, the ids of the artifacts it read and its source code.
 */
import { sha256Hex } from "../runtime/hash.ts";
import type { InputRef } from "./manifest.ts";
import type { SourceFingerprint } from "./source_fingerprint.ts";

/** What an id is computed from. */
export interface IdBasis {
  schema: string;
  params: Record<string, unknown>;
  inputs: InputRef[];
  source: SourceFingerprint;
}

/** JSON with object keys sorted at every level, so that key order never changes a hash. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v) =>
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
  );
}

/**
 * The artifact id for `basis`: the first 16 hex digits of the SHA-256 of its canonical JSON.
 *
 * @example
 * ```ts
 * import { artifactId } from "./artifact_id.ts";
 * const basis = { schema: "mnist@1", params: { a: 1 }, inputs: [], source: {} };
 * artifactId(basis) === artifactId({ ...basis }); // true
 * ```
 */
export function artifactId(basis: IdBasis): string {
  return sha256Hex(canonicalJson(basis)).slice(0, 16);
}
