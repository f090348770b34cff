/**
 * Training checkpoints, written and read like artifacts: after every epoch the arrays
 * (weights, optimizer moments) and a JSON state go to `<dir>/epoch-<n>/` with a
 * `manifest.json` listing each file's size and SHA-256, built in a temporary directory,
 * fsynced and renamed into place; older checkpoints are then removed. On resume the newest
 * checkpoint is verified: a damaged one is reported in one line, removed and not used (the
 * run resumes from an older one, or starts over), so a stored model never holds bytes that
 * its id does not stand for.
 */
import { join } from "node:path";
import { makeTemporaryDir } from "../../core/store/temporary_dirs.ts";
import { MANIFEST_NAME } from "../../core/store/manifest.ts";
import { removeStaleTemporariesIn } from "../../core/store/writer_tag.ts";
import { publishDirectory } from "../../core/store/atomic_write.ts";
import { z } from "zod";
import { type ListedFile, listFiles, listPaths, verifyFiles } from "../../core/store/file_list.ts";
import { listedFileSchema, parseOrThrow } from "../../core/store/manifest_schema.ts";
import { readSmallTextFile } from "../../core/store/safe_paths.ts";
import { type NamedArray, readWeights, writeWeights } from "../../core/model/weights_file.ts";

/** A checkpoint as read back. */
export interface Checkpoint<State> {
  epoch: number;
  arrays: NamedArray[];
  state: State;
}

const PREFIX = "epoch-";

interface CheckpointManifest {
  epoch: number;
  files: ListedFile[];
}

async function epochsIn(dir: string): Promise<number[]> {
  const epochs: number[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      const match = /^epoch-(\d+)$/.exec(entry.name);
      if (entry.isDirectory && match) epochs.push(Number(match[1]));
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return epochs.sort((a, b) => a - b);
}

async function isDirectory(path: string): Promise<boolean> {
  return await Deno.lstat(path).then((info) => info.isDirectory, () => false);
}

/**
 * Writes the checkpoint of `epoch` into `dir` and removes older ones and stale leftovers.
 * When another process has already written this epoch's checkpoint of the same model, it is
 * kept and this one dropped.
 */
export async function writeCheckpoint<State>(
  dir: string,
  epoch: number,
  arrays: NamedArray[],
  state: State,
): Promise<void> {
  await removeStaleTemporariesIn(dir);
  const tmp = await makeTemporaryDir(dir);
  try {
    await writeWeights(tmp, "arrays", arrays);
    await Deno.writeTextFile(join(tmp, "state.json"), JSON.stringify({ epoch, state }) + "\n");
    const manifest: CheckpointManifest = { epoch, files: await listFiles(tmp) };
    await Deno.writeTextFile(join(tmp, MANIFEST_NAME), JSON.stringify(manifest, null, 1) + "\n");
    const target = join(dir, `${PREFIX}${epoch}`);
    try {
      await publishDirectory(tmp, target);
    } catch (e) {
      // Another process training the same model (same id, so the same bytes) published this
      // epoch first: its checkpoint is ours; nobody removes a checkpoint another may be reading.
      if (!await isDirectory(target)) throw e;
      await Deno.remove(tmp, { recursive: true });
    }
  } catch (e) {
    // A failed write (a full disk) leaves nothing behind.
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    throw e;
  }
  for (const older of (await epochsIn(dir)).filter((e) => e < epoch)) {
    // Another writer of the same model may have removed it already.
    await Deno.remove(join(dir, `${PREFIX}${older}`), { recursive: true }).catch((e) => {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    });
  }
}

/** A checkpoint whose files do not match its manifest (or that has none): not to be used. */
class DamagedCheckpoint extends Error {}

/** The files a checkpoint holds besides its manifest, and nothing else. */
const CHECKPOINT_FILES = ["arrays.bin", "arrays.json", "state.json"];

const checkpointManifestSchema = z.object({
  epoch: z.number().int().positive(),
  files: z.array(listedFileSchema),
});
const savedStateSchema = z.object({ epoch: z.number().int().positive(), state: z.unknown() });

/**
 * Reads and verifies the checkpoint of `epoch` in `path`: its manifest lists exactly the
 * checkpoint's files, each of its size and SHA-256, and nothing else is there; `parseState`
 * checks the saved state. A DamagedCheckpoint says what is wrong.
 */
async function readCheckpoint<State>(
  path: string,
  epoch: number,
  parseState: (value: unknown, where: string) => State,
): Promise<Checkpoint<State>> {
  const manifestPath = join(path, MANIFEST_NAME);
  try {
    const manifest = parseOrThrow(
      checkpointManifestSchema,
      JSON.parse(await readSmallTextFile(manifestPath)),
      manifestPath,
    );
    const listed = manifest.files.map((f) => f.path).sort();
    if (manifest.epoch !== epoch || JSON.stringify(listed) !== JSON.stringify(CHECKPOINT_FILES)) {
      throw new Error(`${manifestPath}: not the manifest of epoch ${epoch}'s ${CHECKPOINT_FILES.join(", ")}`);
    }
    const present = await listPaths(path);
    if (JSON.stringify(present) !== JSON.stringify([...CHECKPOINT_FILES, MANIFEST_NAME].sort())) {
      throw new Error(
        `${path}: holds ${present.join(", ")}, expected the checkpoint's files and its manifest`,
      );
    }
    await verifyFiles(path, manifest.files, "damaged checkpoint");
    const statePath = join(path, "state.json");
    const saved = parseOrThrow(savedStateSchema, JSON.parse(await readSmallTextFile(statePath)), statePath);
    if (saved.epoch !== epoch) throw new Error(`${statePath}: epoch ${saved.epoch}, not ${epoch}`);
    return { epoch, arrays: await readWeights(path, "arrays"), state: parseState(saved.state, statePath) };
  } catch (e) {
    if (e instanceof Deno.errors.PermissionDenied) throw e; // says nothing about the checkpoint
    throw new DamagedCheckpoint((e as Error).message.split("\n")[0]!);
  }
}

/**
 * The newest intact checkpoint in `dir`, or undefined when there is none. A damaged one
 * (no manifest, or a file missing, of another size or hash than its manifest says) is
 * reported through `warn` in one line, removed, and the next older one tried; so is one whose
 * state `parseState` refuses. A file that may not be read (permissions) stops the training: it
 * says nothing about the checkpoint.
 */
export async function readLatestCheckpoint<State>(
  dir: string,
  warn: (line: string) => void = console.warn,
  parseState: (value: unknown, where: string) => State = (value) => value as State,
): Promise<Checkpoint<State> | undefined> {
  for (const epoch of (await epochsIn(dir)).reverse()) {
    const path = join(dir, `${PREFIX}${epoch}`);
    try {
      return await readCheckpoint<State>(path, epoch, parseState);
    } catch (e) {
      if (!(e instanceof DamagedCheckpoint)) throw e;
      warn(`checkpoint after epoch ${epoch} is damaged and not used: ${e.message}`);
      await Deno.remove(path, { recursive: true }).catch(() => {});
    }
  }
  return undefined;
}
