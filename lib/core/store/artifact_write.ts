/**
 * Writing the artifact store: an artifact built in a temporary directory, hashed into its
 * manifest, fsynced and published as a new version of its id (lib/core/store/artifact_versions.ts),
 * so that a reader finds the old artifact or the new one, whole, never a part.
 */
import { dirname, join, resolve } from "node:path";
import { fsyncTree } from "./atomic_write.ts";
import { listFiles } from "./file_list.ts";
import { assertNoLinksBelow } from "./safe_paths.ts";
import { unsupportedSchema } from "./kinds.ts";
import { publishVersion, removeSupersededVersions } from "./artifact_versions.ts";
import {
  type Artifact,
  type Manifest,
  MANIFEST_NAME,
  type ManifestDraft,
  type ManifestFile,
} from "./manifest.ts";
import { artifactDir, readArtifact } from "./artifact_read.ts";
import { makeTemporaryDir, removeStaleTemporaries } from "./temporary_dirs.ts";

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
