/**
 * An artifact and the artifacts it was made from (evaluate → export → model → mnist), by
 * kind, as found in the root it is stored in. What a diff compares beyond the artifact
 * itself: the params, data and source of every stage that led to it.
 */
import type { Artifact } from "../../core/store/manifest.ts";
import { artifactDir, readArtifact, storedRoot } from "../../core/store/artifact_read.ts";

/** An artifact's lineage. */
export interface Lineage {
  /** The root it is stored in (`<root>/<kind>/<id>`); undefined for an artifact outside a root. */
  root?: string;
  /** The artifact itself and every input found, transitively, by kind. */
  byKind: Map<string, Artifact>;
}

/**
 * The lineage of `artifact`: its inputs read (verified) from its own root, then theirs. An
 * input absent from the root ends that branch; a corrupted one fails, as any read does.
 */
export async function readLineage(artifact: Artifact): Promise<Lineage> {
  const byKind = new Map([[artifact.manifest.kind, artifact]]);
  const root = storedRoot(artifact);
  if (root === undefined) return { byKind };
  const pending = [artifact];
  while (pending.length > 0) {
    for (const input of pending.shift()!.manifest.inputs) {
      if (byKind.has(input.kind)) continue;
      const inputDir = artifactDir(root, input.kind, input.id);
      if (!(await Deno.stat(inputDir).then((s) => s.isDirectory, () => false))) continue;
      const read = await readArtifact(inputDir, { root });
      byKind.set(input.kind, read);
      pending.push(read);
    }
  }
  return { root, byKind };
}
