/**
 * Hostile artifacts for the viewer's tests: a file of an artifact replaced or added with its
 * manifest entry updated to match (size and SHA-256), as someone else's root could hold
 * them: every check of the store passes, only the content is hostile.
 */
import { join } from "node:path";
import { sha256Hex } from "../../../lib/core/runtime/hash.ts";
import { MANIFEST_NAME } from "../../../lib/core/store/manifest.ts";

/** Writes `content` as file `path` of the artifact in `dir` and lists it in the manifest with its true size and hash. */
export async function putArtifactFile(
  dir: string,
  path: string,
  content: string | Uint8Array,
): Promise<void> {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  await Deno.writeFile(join(dir, path), bytes);
  const manifestPath = join(dir, MANIFEST_NAME);
  const manifest = JSON.parse(await Deno.readTextFile(manifestPath));
  const entry = { path, bytes: bytes.length, sha256: sha256Hex(bytes) };
  const files = manifest.files as { path: string }[];
  const at = files.findIndex((f) => f.path === path);
  if (at >= 0) files[at] = entry;
  else files.push(entry);
  await Deno.writeTextFile(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
}

/** A marker each hostile script would set: the tests assert it never is. */
export const MARKER = "__pwned";

/** Script that sets the marker to `what` and the page title to "pwned". */
export function markerScript(what: string): string {
  return `window.${MARKER}=${JSON.stringify(what)};document.title='pwned'`;
}
