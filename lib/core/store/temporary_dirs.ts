/**
 * The store's temporary directories: made for this process to build in (named with its writer
 * tag, lib/core/store/writer_tag.ts), and the stale ones of writers that are gone removed.
 */
import { join } from "node:path";
import { removeStaleTemporariesIn, TMP_PREFIX, writerTag } from "./writer_tag.ts";

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
