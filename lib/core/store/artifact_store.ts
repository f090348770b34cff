/**
 * The artifact store: immutable directories `<root>/<kind>/<id>/` holding files and a
 * `manifest.json` that lists every file's size and SHA-256. Written atomically (built in a
 * temporary directory beside the target, fsynced, renamed), replaced atomically for readers
 * (`<id>` is a link to an immutable version directory: lib/core/store/artifact_versions.ts),
 * verified on every read.
 */
import { basename, dirname, join, relative, resolve } from "node:path";
import { fsyncTree } from "./atomic_write.ts";
import { type ListedFile, listFiles, listPaths, verifyFiles } from "./file_list.ts";
import { assertNoLinksBelow, readSmallTextFile } from "./safe_paths.ts";
import { manifestSchema, parseOrThrow } from "./manifest_schema.ts";
import { recomputeAdvice, unsupportedSchema } from "./kinds.ts";
import { VerifiedFiles } from "./verified_files.ts";
import { removeStaleTemporariesIn, TMP_PREFIX, writerTag } from "./writer_tag.ts";
import { contentDir, publishVersion, removeSupersededVersions, versionId } from "./artifact_versions.ts";

/** Default root of all artifacts, relative to the working directory. */
export const DEFAULT_ARTIFACTS_ROOT = "artifacts";
/** Name of the manifest inside every artifact directory. */
export const MANIFEST_NAME = "manifest.json";

/** One file of an artifact, as recorded in its manifest. */
export type ManifestFile = ListedFile;

/** A reference to another artifact that a stage read. */
export interface InputRef {
  kind: string;
  id: string;
}

/** The manifest of an artifact. Everything but `env` and `code` determines the files. */
export interface Manifest {
  /** Kind and format version, e.g. "mnist@1". */
  schema: string;
  kind: string;
  id: string;
  params: Record<string, unknown>;
  inputs: InputRef[];
  files: ManifestFile[];
  /** Stage-specific facts about the content (counts, metrics, ...). */
  summary: Record<string, unknown>;
  /** Where it was made: runtime versions, backend, OS, CPU. Not part of the id. */
  env: Record<string, unknown>;
  /** The source it was made from: git commit, dirty tree, fingerprinted files. */
  code: Record<string, unknown>;
}

/** An artifact found on disk, its manifest verified. */
export interface Artifact {
  /**
   * The directory its files are read from: the version directory that its id named when it
   * was read (`<root>/<kind>/.<id>.<version>`), which never changes, or the artifact's own
   * directory when it has no versions (written before them, or read from a path).
   */
  dir: string;
  manifest: Manifest;
}

/** The manifest fields a stage supplies up front; `files` and `summary` come from writing. */
export type ManifestDraft = Omit<Manifest, "files" | "summary">;

/**
 * Writes an artifact's files into `tmpDir` and returns its summary for the manifest. `id`
 * is the id the artifact will have (for keying checkpoints and messages).
 */
export type ArtifactFiller = (tmpDir: string, id: string) => Promise<Record<string, unknown>>;

/** What {@link writeArtifact} did. */
export interface WriteResult extends Artifact {
  /**
   * "new": written; "identical": it existed with the same files (kept); "replaced": it
   * existed with other files; "repaired": it existed but failed verification.
   */
  outcome: "new" | "identical" | "replaced" | "repaired";
  /** With "replaced": the paths whose bytes differ, or that only one of the two has, sorted. */
  changedFiles?: string[];
  /** With "repaired": why what was stored under the id was not a valid artifact (one line). */
  unreadable?: string;
}

/** Directory of the artifact `kind`/`id` under `root`. */
export function artifactDir(root: string, kind: string, id: string): string {
  return join(root, kind, id);
}

/** The kind name and version of a schema string such as "mnist@1". */
export function parseSchema(schema: string): { kind: string; version: number } {
  const match = /^([a-z][a-z0-9-]*)@(\d+)$/.exec(schema);
  if (!match) throw new SyntaxError(`schema "${schema}" is not of the form kind@version`);
  return { kind: match[1]!, version: Number(match[2]) };
}

/** Whether process `pid` runs on this machine (in this PID namespace). */
export function processIsAlive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

/** {@link removeStaleTemporariesIn} the directory of `kind` under `root`. */
export function removeStaleTemporaries(root: string, kind: string): Promise<void> {
  return removeStaleTemporariesIn(join(root, kind));
}

/** A new temporary directory under `dir` for this process to build something in. */
export async function makeTemporaryDir(dir: string): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  const tmp = await Deno.makeTempDir({ dir, prefix: `${TMP_PREFIX}${writerTag()}-` });
  await Deno.chmod(tmp, 0o755); // makeTempDir creates 0700; artifacts are for everyone to read
  return tmp;
}

/**
 * Writes an artifact atomically: `fill` writes the files into a temporary directory, the
 * store hashes them into the manifest, fsyncs everything and publishes the directory as a
 * new version of the id (lib/core/store/artifact_versions.ts). If `fill` throws, nothing becomes
 * visible. If the target already exists with the same files it is kept untouched
 * ("identical"); with other files (a nondeterministic stage) the new one takes its place
 * ("replaced"), as it does when the stored one is corrupted ("repaired"); either way a reader
 * finds the old one or the new one, whole. The result's `dir` is the new version's directory.
 */
export async function writeArtifact(
  root: string,
  draft: ManifestDraft,
  fill: ArtifactFiller,
): Promise<WriteResult> {
  const unwritable = unsupportedSchema(draft.schema);
  if (unwritable !== undefined) throw new Error(`${draft.kind} ${draft.id}: not written: ${unwritable}`);
  const finalDir = artifactDir(root, draft.kind, draft.id);
  const kindDir = dirname(finalDir);
  await assertNoLinksBelow(root, kindDir); // `<id>` itself may be the store's own link
  await Deno.mkdir(kindDir, { recursive: true });
  await removeStaleTemporaries(root, draft.kind);
  await removeSupersededVersions(kindDir);
  const tmpDir = await makeTemporaryDir(kindDir);
  try {
    const summary = await fill(tmpDir, draft.id);
    if (await Deno.stat(join(tmpDir, MANIFEST_NAME)).then(() => true, () => false)) {
      throw new Error(`a stage may not write its own ${MANIFEST_NAME}`);
    }
    const files = await listFiles(tmpDir);
    const manifest: Manifest = { ...draft, files, summary };
    await Deno.writeTextFile(join(tmpDir, MANIFEST_NAME), JSON.stringify(manifest, null, 2) + "\n");
    await fsyncTree(tmpDir);
    let outcome: WriteResult["outcome"] = "new";
    let changedFiles: string[] | undefined;
    let invalid: string | undefined;
    // Anything at the target, a valid artifact or not (a directory left by a crash or a copy,
    // without its manifest, a link to a damaged version), is compared and replaced.
    if (await Deno.lstat(finalDir).then(() => true, () => false)) {
      let unreadable: string | undefined;
      const existing = await readArtifact(finalDir, { root }).catch((e: Error) => {
        unreadable = e.message.split("\n")[0];
        return undefined;
      });
      if (existing && sameFiles(existing.manifest.files, files)) {
        await Deno.remove(tmpDir, { recursive: true });
        return { ...existing, outcome: "identical" };
      }
      outcome = existing ? "replaced" : "repaired";
      changedFiles = existing && changedPaths(existing.manifest.files, files);
      if (!existing) invalid = unreadable;
    }
    // One rename of a link: a reader finds the old version or this one, never none. Another
    // writer of the same id may publish between the check above and here; the last one stands.
    const version = await publishVersion(tmpDir, kindDir, draft.id);
    return {
      dir: resolve(version),
      manifest,
      outcome,
      ...(changedFiles && { changedFiles }),
      ...(invalid !== undefined && { unreadable: invalid }),
    };
  } catch (e) {
    await Deno.remove(tmpDir, { recursive: true }).catch(() => {});
    throw e;
  }
}

function sameFiles(a: ManifestFile[], b: ManifestFile[]): boolean {
  return a.length === b.length &&
    a.every((file, i) => file.path === b[i]!.path && file.sha256 === b[i]!.sha256);
}

/** The paths whose hashes differ between two file lists, or that only one of them has, sorted. */
function changedPaths(a: ManifestFile[], b: ManifestFile[]): string[] {
  const [before, after] = [a, b].map((files) => new Map(files.map((file) => [file.path, file.sha256])));
  const paths = new Set([...before!.keys(), ...after!.keys()]);
  return [...paths].filter((path) => before!.get(path) !== after!.get(path)).sort();
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
