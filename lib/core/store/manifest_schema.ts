/**
 * The shapes of what the store reads from disk, as zod schemas: nothing a manifest or a run
 * record says is believed until it parses. Ids are 16 hex digits, kinds come from the known
 * set, file paths are relative, normalised and inside the artifact, and an artifact lists at
 * least one file. zod (npm) rather than hand-written checks: one declaration gives the check,
 * the TypeScript type and an error that names the field.
 */
import { posix } from "node:path";
import { z } from "zod";
import { ARTIFACT_ID, RUN_ID } from "./ids.ts";
import { taskOfKind, unsupportedSchema } from "./kinds.ts";

const artifactId = z.string().regex(ARTIFACT_ID, "not an artifact id (16 hex digits)");
const kind = z.string().refine((k) => taskOfKind(k) !== undefined, "not a known kind of artifact");
const record = z.record(z.string(), z.unknown());

/**
 * Whether `path` is a file path that stays inside the directory it is relative to: not
 * absolute, no "." or ".." segments, no empty segments, no backslashes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isContainedPath } from "./manifest_schema.ts";
 * assert.ok(isContainedPath("decoder/weights.bin"));
 * assert.ok(!isContainedPath("../../etc/passwd"));
 * assert.ok(!isContainedPath("/etc/hostname"));
 * ```
 */
export function isContainedPath(path: string): boolean {
  return path.length > 0 && !path.includes("\\") && !path.startsWith("/") &&
    posix.normalize(path) === path && !path.split("/").some((segment) => segment === ".." || segment === ".");
}

/** One file of an artifact or checkpoint, as its manifest lists it. */
export const listedFileSchema = z.object({
  path: z.string().refine(isContainedPath, "not a relative path inside the artifact"),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "not a SHA-256 (64 hex digits)"),
});

/** An input an artifact was made from. */
export const inputRefSchema = z.object({ kind, id: artifactId });

/** An artifact's manifest.json. */
export const manifestSchema = z.object({
  schema: z.string().regex(/^[a-z][a-z0-9-]*@\d+$/, "not of the form kind@version"),
  kind,
  id: artifactId,
  params: record,
  inputs: z.array(inputRefSchema),
  files: z.array(listedFileSchema).min(1, "lists no files"),
  summary: record,
  env: record,
  code: record,
}).refine((m) => m.schema.startsWith(`${m.kind}@`), { message: "schema and kind disagree", path: ["schema"] })
  // readArtifact refuses another format version before this shape is checked, and says so;
  // here too, so that no other reader of a manifest can take one for this version.
  .refine((m) => unsupportedSchema(m.schema) === undefined, {
    message: "a format version this checkout does not read",
    path: ["schema"],
  })
  .refine((m) => new Set(m.files.map((f) => f.path)).size === m.files.length, {
    message: "lists a file twice",
    path: ["files"],
  });

/** A run record, `runs/<run-id>.json`. */
export const runRecordSchema = z.object({
  id: z.string().regex(RUN_ID, "not a run id"),
  command: z.array(z.string()),
  started: z.string(),
  finished: z.string(),
  status: z.enum(["ok", "failed", "interrupted"]).optional(),
  error: z.string().optional(),
  stages: z.array(z.object({
    stage: z.string(),
    kind,
    id: artifactId,
    outcome: z.enum(["up to date", "new", "identical", "replaced", "repaired"]),
    reasons: z.array(z.string()),
    params: record,
    inputs: z.array(inputRefSchema),
    seconds: z.number().nonnegative(),
    resumedAfterEpoch: z.number().int().positive().optional(),
  })),
  host: record,
});

/**
 * `value` parsed with `schema`, or a SyntaxError `<where>: <field>: <problem>` naming the
 * first thing wrong.
 */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  throw new SyntaxError(`${where}: ${field}${issue.message}`);
}

/** One weight's spec in a TensorFlow.js weights manifest (this project writes float32 only). */
export const weightSpecSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.literal("float32"),
});

/** A TensorFlow.js weights manifest: groups of shard paths (inside the directory) and weight specs. */
export const weightsManifestSchema = z.array(z.object({
  paths: z.array(z.string().refine(isContainedPath, "not a relative path inside the directory")),
  weights: z.array(weightSpecSchema),
}));

/** A LayersModel's model.json, as far as loading reads it. */
export const modelJsonSchema = z.object({
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: weightsManifestSchema,
  format: z.string().optional(),
  generatedBy: z.string().optional(),
  convertedBy: z.string().nullable().optional(),
});
