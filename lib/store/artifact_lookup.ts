/**
 * Finding the artifact a stage should read: an explicit id or path, or the latest one of
 * its kind (recorded in `<root>/<kind>/LATEST` whenever a stage produces or reuses one).
 */
import { join } from "node:path";
import { type Artifact, artifactDir, type InputRef, readArtifact } from "./artifact_store.ts";

/** The shape of a run id (see run_record.ts). */
const RUN_ID = /^\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{4}$/;

const LATEST_NAME = "LATEST";

/** Records `id` as the latest artifact of `kind` (atomically: write then rename). */
export async function recordLatest(root: string, kind: string, id: string): Promise<void> {
  const path = join(root, kind, LATEST_NAME);
  const tmp = `${path}.${Deno.pid}.tmp`;
  await Deno.writeTextFile(tmp, `${id}\n`);
  await Deno.rename(tmp, path);
}

/** The latest recorded id of `kind`, if any. */
export async function latestId(root: string, kind: string): Promise<string | undefined> {
  try {
    return (await Deno.readTextFile(join(root, kind, LATEST_NAME))).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Opens and verifies the `kind` artifact named by `ref` (an artifact id under `root`, a run
 * id whose run used or made one, or a directory path), or the latest one when `ref` is
 * undefined. `flag` and `makeCommand` name the flag
 * and the command to run first in the error when there is none.
 */
export async function openInput(
  root: string,
  schema: string,
  ref: string | undefined,
  hint: { flag: string; makeCommand: string },
): Promise<Artifact> {
  const kind = schema.split("@")[0]!;
  let dir: string;
  if (ref === undefined) {
    const id = await latestId(root, kind);
    if (id === undefined) {
      throw new Error(
        `no ${kind} artifact under ${root}/${kind}; run '${hint.makeCommand}' first or pass ${hint.flag} <id|path>`,
      );
    }
    dir = artifactDir(root, kind, id);
  } else if (/^[0-9a-f]{16}$/.test(ref)) {
    dir = artifactDir(root, kind, ref);
  } else if (RUN_ID.test(ref)) {
    const record = await Deno.readTextFile(join(root, "runs", `${ref}.json`)).then(
      JSON.parse,
      () => undefined,
    );
    if (record === undefined) throw new Error(`${hint.flag} ${ref}: no run record ${root}/runs/${ref}.json`);
    const used = (record.stages as { kind: string; id: string; inputs: InputRef[] }[])
      .flatMap((s) => [{ kind: s.kind, id: s.id }, ...s.inputs])
      .find((a) => a.kind === kind);
    if (used === undefined) throw new Error(`${hint.flag} ${ref}: run used or made no ${kind} artifact`);
    dir = artifactDir(root, kind, used.id);
  } else {
    dir = ref;
  }
  try {
    return await readArtifact(dir, schema);
  } catch (e) {
    throw new Error(`${hint.flag}: ${(e as Error).message}`);
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
  if (ref === undefined) throw new Error(`${artifact.dir}: manifest names no ${kind} input`);
  try {
    return await readArtifact(artifactDir(root, kind, ref.id), schema);
  } catch (e) {
    throw new Error(`the ${kind} artifact that ${owner} was made from: ${(e as Error).message}`);
  }
}
