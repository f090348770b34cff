/**
 * How an artifact id names its files so that replacing them is atomic for readers that take
 * no lock (an up-to-date check, the viewer, diff): `<root>/<kind>/<id>` is a symbolic link to
 * a sibling directory `.<id>.<version>` that is never changed once published. A write
 * publishes a new version directory and then renames a new link over the old one, one
 * atomic rename(2), also on NFS: a reader that follows the link finds the old version or the
 * new one, whole, never none and never a mix; one that has resolved a version keeps reading
 * it, since a superseded version is removed only an hour after it was superseded. Two
 * writers replacing one id at once each publish their own version; the last rename stands.
 *
 * Linux's renameat2(RENAME_EXCHANGE) could swap two directories in place, but Deno has no
 * binding for it, NFS does not support it, and a reader part-way through the old directory
 * would then read the new one's files under the old manifest; a link to immutable versions
 * has none of these problems. Artifacts written before this layout are plain directories:
 * the first replacement of one moves it aside and puts the link in its place (two renames,
 * the one moment a reader may find nothing), and from then on the id is a link.
 */
import { basename, dirname, join } from "node:path";
import { fsyncPath, temporaryPathBeside } from "./atomic_write.ts";

/** How long a superseded version stays for the readers that resolved it before it went. */
export const SUPERSEDED_GRACE_MS = 60 * 60 * 1000;

const VERSION_NAME = /^\.([0-9a-f]{16})\.([0-9a-z]+-[0-9a-f]{8})$/;

/**
 * The id that version directory `name` (`.<id>.<version>`) holds; undefined for any other name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { versionId } from "./artifact_versions.ts";
 * assert.equal(versionId(".0123456789abcdef.mh2k1x0p-1a2b3c4d"), "0123456789abcdef");
 * assert.equal(versionId("0123456789abcdef"), undefined);
 * assert.equal(versionId(".0123456789abcdef.x/../../etc"), undefined);
 * ```
 */
export function versionId(name: string): string | undefined {
  return VERSION_NAME.exec(name)?.[1];
}

/** A new version directory name for artifact `id`: its time (base 36) and 32 random bits. */
function newVersionName(id: string): string {
  const random = [...crypto.getRandomValues(new Uint8Array(4))].map((b) => b.toString(16).padStart(2, "0"));
  return `.${id}.${Date.now().toString(36)}-${random.join("")}`;
}

/**
 * The directory holding the files of the artifact at `dir`: the version its link names, when
 * `dir` is a link to `.<its name>.<version>` beside it that is a real directory; `dir` itself
 * when it is a directory (an artifact written before versions, or a version directory given
 * by its own path). Any other link is refused with one line when `strict` (inside an artifact
 * root, where the store follows no link but its own), and followed as the system would
 * otherwise (a path a person gave).
 */
export async function contentDir(dir: string, strict: boolean): Promise<string> {
  const info = await Deno.lstat(dir).catch(() => undefined);
  if (info === undefined || !info.isSymlink) return dir;
  const target = await Deno.readLink(dir).catch(() => "");
  const version = join(dirname(dir), target);
  const own = versionId(target) === basename(dir) &&
    await Deno.lstat(version).then((v) => v.isDirectory && !v.isSymlink, () => false);
  if (own) return version;
  if (!strict) return dir;
  throw new Error(`${dir}: a link inside the artifact root; the store only uses real directories there`);
}

/**
 * Publishes the finished, fsynced directory `tmpDir` as the content of artifact `id` in
 * `kindDir`: renames it to a new version directory, then renames a new link to it over
 * `<kindDir>/<id>` (whatever was there: a link to an older version, a damaged one, or an
 * artifact of the older plain-directory layout, which is moved aside first and removed).
 * Returns the version directory.
 */
export async function publishVersion(tmpDir: string, kindDir: string, id: string): Promise<string> {
  const name = newVersionName(id);
  const version = join(kindDir, name);
  await Deno.rename(tmpDir, version);
  const pointer = join(kindDir, id);
  const link = temporaryPathBeside(pointer);
  await Deno.symlink(name, link);
  try {
    await replacePointer(link, pointer);
  } catch (e) {
    await Deno.remove(link).catch(() => {});
    throw e;
  }
  await fsyncPath(kindDir);
  return version;
}

/**
 * Renames `link` over `pointer`. A plain directory (or file) there, of the older layout, cannot be
 * renamed over: it is moved aside, then replaced and removed. Another writer doing the same for
 * the same id at the same time may move it first (the pointer is then absent, or already its
 * link): then the rename is tried once more, and succeeds.
 */
async function replacePointer(link: string, pointer: string): Promise<void> {
  for (let attempt = 1;; attempt++) {
    const again = attempt === 1;
    try {
      await Deno.rename(link, pointer);
      return;
    } catch (e) {
      const there = await Deno.lstat(pointer).catch(() => undefined);
      if (there === undefined || there.isSymlink) {
        if (again) continue;
        throw e;
      }
    }
    const aside = `${temporaryPathBeside(pointer)}-replaced`;
    try {
      await Deno.rename(pointer, aside);
    } catch (e) {
      // Moved aside by the other writer between the lstat and this rename.
      if (again && e instanceof Deno.errors.NotFound) continue;
      throw e;
    }
    await Deno.rename(link, pointer);
    await Deno.remove(aside, { recursive: true }).catch(() => {});
    return;
  }
}

/**
 * Removes the version directories in `kindDir` that no link names any more (superseded, or
 * left by a writer that stopped between its two renames), once they and the version that
 * superseded them are {@link SUPERSEDED_GRACE_MS} old: a reader that resolved one before has
 * had an hour to read it. Only this user's.
 */
export async function removeSupersededVersions(kindDir: string, now = Date.now()): Promise<void> {
  const entries = await Array.fromAsync(Deno.readDir(kindDir)).catch(() => []);
  const current = new Map<string, string | undefined>();
  const old = async (name: string) => {
    const info = await Deno.lstat(join(kindDir, name)).catch(() => undefined);
    return info !== undefined && now - (info.mtime?.getTime() ?? now) > SUPERSEDED_GRACE_MS;
  };
  for (const entry of entries) {
    const id = versionId(entry.name);
    if (id === undefined) continue;
    if (!current.has(id)) current.set(id, await Deno.readLink(join(kindDir, id)).catch(() => undefined));
    const named = current.get(id);
    if (named === entry.name) continue;
    const info = await Deno.lstat(join(kindDir, entry.name)).catch(() => undefined);
    if (info === undefined || !info.isDirectory || info.uid !== Deno.uid()) continue;
    // Superseded when the version now named was published, at the earliest: both must be old.
    if (!await old(entry.name) || (named !== undefined && versionId(named) === id && !await old(named))) {
      continue;
    }
    await Deno.remove(join(kindDir, entry.name), { recursive: true }).catch(() => {});
  }
}
