/**
 * A record of files already verified, so that a no-op run does not re-hash large files:
 * for each absolute path, the size, modification time and SHA-256 seen when it was last
 * hashed, with its inode and change time. A file of which any of these changed is hashed
 * again (a copy made with cp -a or rsync -a keeps size and mtime, not the inode). Kept in
 * `<artifacts root>/.verified.json` (not part of any artifact).
 */
import { join } from "node:path";
import { writeFileAtomic } from "./atomic_write.ts";
import { readSmallTextFile } from "./safe_paths.ts";

interface Entry {
  bytes: number;
  mtimeMs: number;
  /** Inode and change time (whole seconds): a copy (cp -a, rsync -a) keeps the mtime, not the inode. */
  ino: number | null;
  ctimeMs: number | null;
  sha256: string;
}

/** The verification record of one artifact root. */
export class VerifiedFiles {
  #entries: Record<string, Entry> = {};
  #changed = false;

  private constructor(private readonly path: string) {}

  /** Loads the record of the artifact root `root` (empty when absent or unreadable). */
  static async open(root: string): Promise<VerifiedFiles> {
    const record = new VerifiedFiles(join(root, ".verified.json"));
    let text: string | undefined;
    try {
      text = await readSmallTextFile(record.path);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return record; // none yet
    }
    // Only a cache: anything but an object of entries is ignored (and rebuilt), with one warning.
    let entries: unknown;
    try {
      entries = text === undefined ? undefined : JSON.parse(text);
    } catch {
      entries = undefined;
    }
    if (entries !== null && typeof entries === "object" && !Array.isArray(entries)) {
      record.#entries = entries as Record<string, Entry>;
    } else {
      console.warn(
        `warning: ${record.path} is not a verified-files cache; ignored, every file is hashed again`,
      );
      record.#changed = true;
    }
    return record;
  }

  /** The SHA-256 recorded for `path` if its size, mtime, inode and ctime still match `info`. */
  knownSha256(path: string, info: Deno.FileInfo): string | undefined {
    const entry = this.#entries[path];
    const same = entry !== null && typeof entry === "object" && typeof entry.sha256 === "string" &&
      entry.bytes === info.size && entry.mtimeMs === info.mtime?.getTime() && entry.ino === info.ino &&
      entry.ctimeMs === (info.ctime?.getTime() ?? null);
    return same ? entry.sha256 : undefined;
  }

  /** Records that `path`, as described by `info`, hashed to `sha256`. */
  remember(path: string, info: Deno.FileInfo, sha256: string): void {
    if (info.mtime === null) return;
    this.#entries[path] = {
      bytes: info.size,
      mtimeMs: info.mtime.getTime(),
      ino: info.ino,
      ctimeMs: info.ctime?.getTime() ?? null,
      sha256,
    };
    this.#changed = true;
  }

  /** Writes the record back (atomically) if anything was added. */
  async save(): Promise<void> {
    if (!this.#changed) return;
    await writeFileAtomic(this.path, JSON.stringify(this.#entries));
    this.#changed = false;
  }
}
