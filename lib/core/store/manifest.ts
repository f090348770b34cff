/**
 * What an artifact's manifest.json holds (kind, id, params, inputs, every file's size and
 * SHA-256, summary, environment, source) and an artifact as found on disk: the types the
 * store reads and writes, and the manifest's file name.
 */
import type { ListedFile } from "./file_list.ts";

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
