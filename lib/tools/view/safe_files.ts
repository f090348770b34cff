/**
 * Which file a request may read: only an artifact's manifest or a file it lists, in an
 * artifact named by a known kind and a valid id, under the artifact root, with no link
 * followed out of it. Everything else, `..`, encoded slashes, absolute paths, dot files, a
 * link that points outside, is refused before anything is opened.
 */
import { join, relative, resolve } from "node:path";
import { artifactDir, readArtifact } from "../../core/store/artifact_read.ts";
import { MANIFEST_NAME } from "../../core/store/manifest.ts";
import { isArtifactId } from "../../core/store/ids.ts";
import { taskOfKind } from "../../core/store/kinds.ts";

/** A path segment that may name part of a file: no separators, no dot start, no NUL, not empty. */
function isPlainSegment(segment: string): boolean {
  return segment.length > 0 && !segment.startsWith(".") && !/[\\/\0]/.test(segment);
}

/**
 * The segments of a URL path's tail (as sent, percent-encoded), decoded one by one; undefined
 * when one is malformed, decodes to a separator, or is not a plain segment.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeSegments } from "./safe_files.ts";
 * assert.deepEqual(decodeSegments("encoder/model.json"), ["encoder", "model.json"]);
 * assert.equal(decodeSegments("..%2f..%2fetc/passwd"), undefined);
 * assert.equal(decodeSegments("%2e%2e/x"), undefined);
 * ```
 */
export function decodeSegments(tail: string): string[] | undefined {
  const segments: string[] = [];
  for (const raw of tail.split("/")) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (!isPlainSegment(segment)) return undefined;
    segments.push(segment);
  }
  return segments;
}

/**
 * The absolute path of file `segments` of artifact `kind`/`id` under `root`, if the artifact
 * is valid (verified as any read is) and its manifest lists that file, and the file's real
 * path lies inside the root's real path; undefined otherwise. The path is in the version
 * directory whose manifest was checked, so a concurrent replacement cannot swap the file.
 */
export async function artifactFilePath(
  root: string,
  kind: string,
  id: string,
  segments: string[],
): Promise<string | undefined> {
  if (taskOfKind(kind) === undefined || !isArtifactId(id) || segments.length === 0) return undefined;
  let listed: Set<string>;
  let dir: string;
  try {
    const artifact = await readArtifact(artifactDir(root, kind, id), { root });
    listed = new Set(artifact.manifest.files.map((f) => f.path));
    // The version directory this manifest came from, never the id's link: a --force
    // replacement may point the link at another version while this request runs.
    dir = artifact.dir;
  } catch {
    return undefined;
  }
  const path = segments.join("/");
  // The manifest itself was just read and checked; everything else must be listed in it.
  if (!listed.has(path) && path !== MANIFEST_NAME) return undefined;
  const full = join(dir, ...segments);
  const [realRoot, realFile] = await Promise.all([Deno.realPath(root), Deno.realPath(full)]).catch(() => []);
  if (realRoot === undefined || realFile === undefined) return undefined;
  const inside = relative(resolve(realRoot), resolve(realFile));
  if (inside.startsWith("..") || inside.startsWith("/")) return undefined;
  return realFile;
}
