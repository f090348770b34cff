/**
 * The artifact store: immutable directories `<root>/<kind>/<id>/` holding files and a
 * `manifest.json` that lists every file's size and SHA-256. Written atomically (built in a
 * temporary directory beside the target, fsynced, renamed), verified on every read.
 */
import { dirname, join, relative, resolve, sep } from "node:path";
import { sha256Hex } from "../runtime/hash.ts";
import { VerifiedFiles } from "./verified_files.ts";

/** Default root of all artifacts, relative to the working directory. */
export const DEFAULT_ARTIFACTS_ROOT = "artifacts";
/** Name of the manifest inside every artifact directory. */
export const MANIFEST_NAME = "manifest.json";
const TMP_PREFIX = ".tmp-";

/** One file of an artifact, as recorded in its manifest. */
export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

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

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) out.push(...await listFiles(path, base));
    else if (entry.isFile) out.push(relative(base, path).split(sep).join("/"));
  }
  return out.sort();
}

async function fsyncPath(path: string): Promise<void> {
  const file = await Deno.open(path, { read: true });
  try {
    await file.sync();
  } finally {
    file.close();
  }
}

function processIsAlive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes temporary directories that a crashed or interrupted writer left under
 * `<root>/<kind>/` (those whose writing process is gone). Readers never see them anyway.
 */
export async function removeStaleTemporaries(root: string, kind: string): Promise<void> {
  const kindDir = join(root, kind);
  try {
    for await (const entry of Deno.readDir(kindDir)) {
      if (!entry.isDirectory || !entry.name.startsWith(TMP_PREFIX)) continue;
      const pid = Number(entry.name.slice(TMP_PREFIX.length).split("-")[0]);
      const ownedByLiveWriter = pid === Deno.pid || (Number.isInteger(pid) && processIsAlive(pid));
      if (!ownedByLiveWriter) await Deno.remove(join(kindDir, entry.name), { recursive: true });
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}

/**
 * Writes an artifact atomically: `fill` writes the files into a temporary directory, the
 * store hashes them into the manifest, fsyncs everything and renames the directory into
 * place. If `fill` throws, nothing becomes visible. If the target already exists with the
 * same files it is kept untouched ("identical"); with other files (a nondeterministic
 * stage) the new one takes its place ("replaced"), as it does when the stored one is
 * corrupted ("repaired").
 */
export async function writeArtifact(
  root: string,
  draft: ManifestDraft,
  fill: ArtifactFiller,
): Promise<WriteResult> {
  const finalDir = artifactDir(root, draft.kind, draft.id);
  const kindDir = dirname(finalDir);
  await Deno.mkdir(kindDir, { recursive: true });
  await removeStaleTemporaries(root, draft.kind);
  const tmpDir = await Deno.makeTempDir({ dir: kindDir, prefix: `${TMP_PREFIX}${Deno.pid}-` });
  try {
    await Deno.chmod(tmpDir, 0o755); // makeTempDir creates 0700; artifacts are for everyone to read
    const summary = await fill(tmpDir, draft.id);
    const files: ManifestFile[] = [];
    for (const path of await listFiles(tmpDir)) {
      if (path === MANIFEST_NAME) throw new Error(`a stage may not write its own ${MANIFEST_NAME}`);
      const full = join(tmpDir, path);
      const bytes = await Deno.readFile(full);
      files.push({ path, bytes: bytes.length, sha256: sha256Hex(bytes) });
      await fsyncPath(full);
    }
    const manifest: Manifest = { ...draft, files, summary };
    const manifestPath = join(tmpDir, MANIFEST_NAME);
    await Deno.writeTextFile(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
    await fsyncPath(manifestPath);
    await fsyncPath(tmpDir);
    let outcome: WriteResult["outcome"] = "new";
    if (await isArtifactDir(finalDir)) {
      const existing = await readArtifact(finalDir).catch(() => undefined);
      if (existing && sameFiles(existing.manifest.files, files)) {
        await Deno.remove(tmpDir, { recursive: true });
        return { ...existing, outcome: "identical" };
      }
      // Swap: move the old one aside under a temporary name (so no reader picks it up),
      // put the new one in place, then delete the old.
      const aside = `${tmpDir}-replaced`;
      await Deno.rename(finalDir, aside);
      await Deno.rename(tmpDir, finalDir);
      await Deno.remove(aside, { recursive: true });
      outcome = existing ? "replaced" : "repaired";
    } else {
      await Deno.rename(tmpDir, finalDir);
    }
    await fsyncPath(kindDir);
    return { dir: resolve(finalDir), manifest, outcome };
  } catch (e) {
    await Deno.remove(tmpDir, { recursive: true }).catch(() => {});
    throw e;
  }
}

function sameFiles(a: ManifestFile[], b: ManifestFile[]): boolean {
  return a.length === b.length &&
    a.every((file, i) => file.path === b[i]!.path && file.sha256 === b[i]!.sha256);
}

async function isArtifactDir(dir: string): Promise<boolean> {
  try {
    return (await Deno.stat(join(dir, MANIFEST_NAME))).isFile;
  } catch {
    return false;
  }
}

/**
 * Reads and verifies the artifact in `dir`: the manifest parses, its schema is
 * `expectedSchema` when given, and every listed file has its recorded size and SHA-256.
 * Throws a one-line error naming the artifact and the file on any mismatch.
 */
export async function readArtifact(dir: string, expectedSchema?: string): Promise<Artifact> {
  const manifestPath = join(dir, MANIFEST_NAME);
  let text: string;
  try {
    text = await Deno.readTextFile(manifestPath);
  } catch {
    throw new Error(`${dir}: not an artifact (no ${MANIFEST_NAME})`);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text);
  } catch {
    throw new SyntaxError(`${manifestPath}: not valid JSON (corrupted manifest)`);
  }
  if (typeof manifest.schema !== "string" || !Array.isArray(manifest.files)) {
    throw new SyntaxError(`${manifestPath}: missing schema or files (corrupted manifest)`);
  }
  if (expectedSchema !== undefined && manifest.schema !== expectedSchema) {
    const found = parseSchema(manifest.schema);
    const wanted = parseSchema(expectedSchema);
    const why = found.kind === wanted.kind
      ? `format version ${found.version} is not the supported ${wanted.version}; rerun the stage that makes it`
      : `it is a ${found.kind} artifact, expected ${wanted.kind}`;
    throw new Error(`${dir}: schema ${manifest.schema}: ${why}`);
  }
  // Files hashed before and unchanged since (same size and mtime) are not hashed again.
  const verified = await VerifiedFiles.open(join(dir, "..", ".."));
  for (const file of manifest.files) {
    const path = resolve(dir, file.path);
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(path);
    } catch {
      throw new Error(`${join(dir, file.path)}: missing from artifact ${manifest.kind}/${manifest.id}`);
    }
    if (info.size !== file.bytes) {
      throw new Error(
        `${join(dir, file.path)}: ${info.size} bytes, manifest says ${file.bytes} (artifact corrupted)`,
      );
    }
    if (verified.knownSha256(path, info) === file.sha256) continue;
    const sha = sha256Hex(await Deno.readFile(path));
    if (sha !== file.sha256) {
      throw new Error(
        `${join(dir, file.path)}: SHA-256 ${sha}, manifest says ${file.sha256} (artifact corrupted)`,
      );
    }
    verified.remember(path, info, sha);
  }
  await verified.save().catch(() => {}); // a read-only artifacts root only loses the shortcut
  return { dir: resolve(dir), manifest };
}

/** Whether a complete artifact `kind`/`id` exists under `root` (manifest present). */
export function artifactExists(root: string, kind: string, id: string): Promise<boolean> {
  return isArtifactDir(artifactDir(root, kind, id));
}
