/**
 * The latest artifact of each kind, recorded in `<root>/<kind>/LATEST` whenever a stage
 * produces or reuses one: what a stage reads when it is not told which input to take.
 */
import { join } from "node:path";
import { writeFileAtomic } from "./atomic_write.ts";
import { isArtifactId } from "./ids.ts";
import { assertNoLinksBelow, readSmallTextFile } from "./safe_paths.ts";

const LATEST_NAME = "LATEST";

/** Records `id` as the latest artifact of `kind` (atomically). */
export async function recordLatest(root: string, kind: string, id: string): Promise<void> {
  await assertNoLinksBelow(root, join(root, kind, LATEST_NAME));
  await writeFileAtomic(join(root, kind, LATEST_NAME), `${id}\n`);
}

/** The latest recorded id of `kind`, if any (anything but an artifact id counts as none). */
export async function latestId(root: string, kind: string): Promise<string | undefined> {
  try {
    await assertNoLinksBelow(root, join(root, kind, LATEST_NAME));
    const id = (await readSmallTextFile(join(root, kind, LATEST_NAME), 1024)).trim();
    return isArtifactId(id) ? id : undefined;
  } catch {
    return undefined;
  }
}
