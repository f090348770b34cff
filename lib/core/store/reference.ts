/**
 * The one resolver of references to artifacts, used by --from, `diff` and `verify`: an
 * artifact id (under the root), a run id (the artifact of a kind that the run used or made)
 * or a directory path.
 */
import { join } from "node:path";
import { type Artifact, MANIFEST_NAME } from "./manifest.ts";
import { artifactDir, namedDir, readArtifact } from "./artifact_read.ts";
import { isArtifactId, isRunId } from "./ids.ts";
import { taskOfKind } from "./kinds.ts";
import { latestId } from "./latest.ts";
import { readRunRecord } from "./run_record.ts";

async function hasManifest(dir: string): Promise<boolean> {
  return await Deno.stat(join(dir, MANIFEST_NAME)).then((info) => info.isFile, () => false);
}

/**
 * The directory that `ref` names under `root`: for an artifact id, the artifact of `kind`
 * (of any kind when `kind` is undefined); for a run id, the artifact of `kind` that the run
 * made or read (`kind` is then required); anything else is a path. Throws an Error that
 * names `ref` when there is no such artifact.
 */
export async function resolveReference(root: string, ref: string, kind?: string): Promise<string> {
  if (isArtifactId(ref)) {
    if (kind !== undefined) return artifactDir(root, kind, ref);
    const kinds = await Array.fromAsync(Deno.readDir(root)).catch(() => []);
    for (const entry of kinds.filter((e) => e.isDirectory).sort((a, b) => a.name < b.name ? -1 : 1)) {
      const dir = artifactDir(root, entry.name, ref);
      if (await hasManifest(dir)) return dir;
    }
    throw new Error(`${ref}: no artifact with this id under ${root}`);
  }
  if (isRunId(ref)) {
    if (kind === undefined) throw new Error(`${ref}: a run names several artifacts; name one by its id`);
    const record = await readRunRecord(root, ref);
    const used = record.stages
      .flatMap((stage) => [{ kind: stage.kind, id: stage.id }, ...stage.inputs])
      .find((artifact) => artifact.kind === kind);
    if (used === undefined) throw new Error(`${ref}: the run used or made no ${kind} artifact`);
    return artifactDir(root, kind, used.id);
  }
  return ref;
}

/**
 * Opens and verifies the `schema` artifact named by `ref` (see {@link resolveReference}), or
 * the latest one of its kind when `ref` is undefined (given as --from). When there is none,
 * the error says which task makes one.
 */
export async function openInput(root: string, schema: string, ref: string | undefined): Promise<Artifact> {
  const kind = schema.split("@")[0]!;
  try {
    if (ref === undefined) {
      const id = await latestId(root, kind);
      if (id === undefined) {
        const task = taskOfKind(kind) ?? "the task that makes it";
        throw new Error(
          `no ${kind} artifact under ${root}/${kind}; run 'deno task ${task}' first or pass --from <id|path>`,
        );
      }
      return await readArtifact(artifactDir(root, kind, id), { schema, root });
    }
    return await readArtifact(await resolveReference(root, ref, kind), { schema, root });
  } catch (e) {
    const message = (e as Error).message;
    if (ref === undefined) throw e;
    // The resolver's errors start with the reference already: say it once.
    throw new Error(
      `--from ${ref}: ${message.startsWith(`${ref}: `) ? message.slice(ref.length + 2) : message}`,
    );
  }
}

/**
 * Opens and verifies the artifact of `schema`'s kind that `artifact` names among its
 * inputs (e.g. the mnist artifact a model was trained on), under `root`.
 */
export async function openRecordedInput(root: string, artifact: Artifact, schema: string): Promise<Artifact> {
  const kind = schema.split("@")[0]!;
  const ref = artifact.manifest.inputs.find((input) => input.kind === kind);
  const owner = `${artifact.manifest.kind} ${artifact.manifest.id}`;
  if (ref === undefined) throw new Error(`${namedDir(artifact)}: manifest names no ${kind} input`);
  try {
    return await readArtifact(artifactDir(root, kind, ref.id), { schema, root });
  } catch (e) {
    throw new Error(`the ${kind} artifact that ${owner} was made from: ${(e as Error).message}`);
  }
}
