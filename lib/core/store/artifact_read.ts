/**
 * Reading the artifact store: where `<root>/<kind>/<id>/` is, whether it holds an artifact,
 * and an artifact read with its manifest checked against its schema and every file against
 * its size and SHA-256, never following a link out of the root. Also the directory a message
 * names an artifact by.
 */
import { basename, dirname, join, relative, resolve } from "node:path";
import { listPaths, verifyFiles } from "./file_list.ts";
import { assertNoLinksBelow, readSmallTextFile } from "./safe_paths.ts";
import { manifestSchema, parseOrThrow } from "./manifest_schema.ts";
import { parseSchema, recomputeAdvice, unsupportedSchema } from "./kinds.ts";
import { VerifiedFiles } from "./verified_files.ts";
import { contentDir, versionId } from "./artifact_versions.ts";
import { type Artifact, type Manifest, MANIFEST_NAME } from "./manifest.ts";

/** Default root of all artifacts, relative to the working directory. */
export const DEFAULT_ARTIFACTS_ROOT = "artifacts";

/** Directory of the artifact `kind`/`id` under `root`. */
export function artifactDir(root: string, kind: string, id: string): string {
  return join(root, kind, id);
}

async function isArtifactDir(dir: string): Promise<boolean> {
  try {
    return (await Deno.stat(join(dir, MANIFEST_NAME))).isFile;
  } catch {
    return false;
  }
}

/**
 * What a read throws for an artifact in a format version this checkout does not read (a
 * `model@2` manifest): one line naming the artifact, the format found and the one read. A
 * stage that finds one under the id it is about to write replaces it.
 */
export class UnsupportedFormat extends Error {
  constructor(readonly dir: string, readonly schema: string, why: string) {
    super(`${dir}: ${why}`);
  }
}

/** How to read an artifact. */
export interface ReadOptions {
  /** The schema it must have ("model@1"); any when absent. */
  schema?: string;
  /**
   * The artifact root it was looked up under. Only an artifact inside it uses (and updates)
   * the root's verified-files cache: reading an artifact never writes outside its root.
   */
  root?: string;
}

/** Whether `dir` is a directory two levels below `root` (`<root>/<kind>/<id>`). */
function isInsideRoot(dir: string, root: string): boolean {
  const path = relative(resolve(root), resolve(dir));
  return path.split(/[\\/]/).length === 2 && !path.startsWith("..");
}

/**
 * Reads and verifies the artifact at `given` (a directory, or the link of an id to its
 * current version, which is resolved once and read whole): its format version is the one this checkout reads
 * ({@link UnsupportedFormat} otherwise, whoever reads), the manifest parses, its schema is
 * `options.schema` when given, and every listed file has its recorded size and SHA-256.
 * Throws a one-line error naming the artifact and the file on any mismatch, and how to
 * recompute a corrupted artifact.
 */
export async function readArtifact(given: string, options: ReadOptions = {}): Promise<Artifact> {
  const root = options.root;
  const inside = root !== undefined && isInsideRoot(given, root);
  if (inside) await assertNoLinksBelow(root!, dirname(given));
  // Resolved once: everything below reads the one version the id named at this moment.
  const dir = await contentDir(given, inside);
  const manifestPath = join(dir, MANIFEST_NAME);
  let text: string;
  try {
    text = await readSmallTextFile(manifestPath);
  } catch (e) {
    if (e instanceof SyntaxError) throw new SyntaxError(`${e.message} (corrupted manifest)`);
    throw new Error(`${given}: not an artifact (no ${MANIFEST_NAME})`);
  }
  // The kind it should be, for the way out, before anything in the manifest is believed.
  const kindWanted = options.schema?.split("@")[0] ?? basename(dirname(resolve(given)));
  const corrupted = `corrupted manifest: ${recomputeAdvice(kindWanted)}`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SyntaxError(`${manifestPath}: not valid JSON (${corrupted})`);
  }
  // The format version first: another version's manifest may have another shape, and is
  // refused as what it is, not as a corrupted manifest.
  const schema = (json as { schema?: unknown } | null)?.schema;
  const unsupported = typeof schema === "string" ? unsupportedSchema(schema) : undefined;
  if (unsupported !== undefined) throw new UnsupportedFormat(given, schema as string, unsupported);
  let manifest: Manifest;
  try {
    manifest = parseOrThrow(manifestSchema, json, manifestPath);
  } catch (e) {
    throw new SyntaxError(`${(e as Error).message} (${corrupted})`);
  }
  const expectedSchema = options.schema;
  if (expectedSchema !== undefined && manifest.schema !== expectedSchema) {
    const found = parseSchema(manifest.schema);
    const wanted = parseSchema(expectedSchema);
    const why = found.kind === wanted.kind
      ? `format version ${found.version} is not the supported ${wanted.version}; rerun the stage that makes it`
      : `it is an artifact of kind ${found.kind}, expected ${wanted.kind}`;
    throw new Error(`${given}: schema ${manifest.schema}: ${why}`);
  }
  const storedAs = versionId(basename(given)) ?? basename(given);
  if (inside && (storedAs !== manifest.id || basename(dirname(resolve(given))) !== manifest.kind)) {
    throw new SyntaxError(
      `${manifestPath}: says ${manifest.kind}/${manifest.id} but is stored as ${
        relative(resolve(root!), resolve(given))
      } (corrupted or misplaced artifact)`,
    );
  }
  const advice = `artifact corrupted: ${recomputeAdvice(manifest.kind)}`;
  // Files hashed before and unchanged since (same size and mtime) are not hashed again.
  const cache = inside ? await VerifiedFiles.open(root!) : undefined;
  await verifyFiles(dir, manifest.files, advice, cache);
  // The list is complete: whatever a reader opens inside the artifact was verified.
  const listed = new Set([MANIFEST_NAME, ...manifest.files.map((f) => f.path)]);
  const unlisted = (await listPaths(dir)).find((path) => !listed.has(path));
  if (unlisted !== undefined) throw new Error(`${join(dir, unlisted)}: not in the manifest (${advice})`);
  await cache?.save().catch(() => {}); // a read-only artifacts root only loses the shortcut
  return { dir: resolve(dir), manifest };
}

/**
 * The root that `artifact` is stored in, when its directory is `<root>/<kind>/<id>` or one of
 * that id's version directories; undefined for an artifact read from elsewhere.
 */
export function storedRoot(artifact: Artifact): string | undefined {
  const dir = resolve(artifact.dir);
  const name = basename(dir);
  const id = versionId(name) ?? name;
  const stored = id === artifact.manifest.id && basename(dirname(dir)) === artifact.manifest.kind;
  return stored ? dirname(dirname(dir)) : undefined;
}

/**
 * The directory a user names `artifact` by: `<root>/<kind>/<id>` when it is stored in a root
 * (its `dir` is then a version directory, `.<id>.<version>`, which a message should not show),
 * else its own directory. For messages and printed paths; files are read from `dir`.
 */
export function namedDir(artifact: Artifact): string {
  const root = storedRoot(artifact);
  return root === undefined ? artifact.dir : join(root, artifact.manifest.kind, artifact.manifest.id);
}

/** Whether a complete artifact `kind`/`id` exists under `root` (manifest present). */
export function artifactExists(root: string, kind: string, id: string): Promise<boolean> {
  return isArtifactDir(artifactDir(root, kind, id));
}
