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
import { makeTemporaryDir, MANIFEST_NAME } from "../store/artifact_store.ts";
import { removeStaleTemporariesIn } from "../store/writer_tag.ts";
import { publishDirectory } from "../store/atomic_write.ts";
import { type ListedFile, listFiles, verifyFiles } from "../store/file_list.ts";
import { type NamedArray, readWeights, writeWeights } from "../model/weights_file.ts";

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

/** Writes the checkpoint of `epoch` into `dir` and removes older ones and stale leftovers. */
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
    await Deno.remove(target, { recursive: true }).catch(() => {});
    await publishDirectory(tmp, target);
  } catch (e) {
    // A failed write (a full disk) leaves nothing behind.
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    throw e;
  }
  for (const older of (await epochsIn(dir)).filter((e) => e < epoch)) {
    await Deno.remove(join(dir, `${PREFIX}${older}`), { recursive: true });
  }
}

/** A checkpoint whose files do not match its manifest (or that has none): not to be used. */
class DamagedCheckpoint extends Error {}

/** Reads and verifies the checkpoint of `epoch` in `path`; a DamagedCheckpoint says what is wrong. */
async function readCheckpoint<State>(path: string, epoch: number): Promise<Checkpoint<State>> {
  let manifest: CheckpointManifest;
  try {
    manifest = JSON.parse(await Deno.readTextFile(join(path, MANIFEST_NAME)));
  } catch {
    throw new DamagedCheckpoint(`${join(path, MANIFEST_NAME)}: missing or not valid JSON`);
  }
  if (!Array.isArray(manifest?.files) || manifest.files.length === 0 || manifest.epoch !== epoch) {
    throw new DamagedCheckpoint(`${join(path, MANIFEST_NAME)}: not the manifest of epoch ${epoch}'s files`);
  }
  try {
    await verifyFiles(path, manifest.files, "damaged checkpoint");
  } catch (e) {
    throw new DamagedCheckpoint((e as Error).message);
  }
  const saved = JSON.parse(await Deno.readTextFile(join(path, "state.json"))) as {
    epoch: number;
    state: State;
  };
  if (saved.epoch !== epoch) {
    throw new DamagedCheckpoint(`${join(path, "state.json")}: epoch ${saved.epoch}, not ${epoch}`);
  }
  return { epoch, arrays: await readWeights(path, "arrays"), state: saved.state };
}

/**
 * The newest intact checkpoint in `dir`, or undefined when there is none. A damaged one
 * (no manifest, or a file missing, of another size or hash than its manifest says) is
 * reported through `warn` in one line, removed, and the next older one tried. Any other
 * failure (a file that cannot be read at all) stops the training: it says nothing about the
 * checkpoint.
 */
export async function readLatestCheckpoint<State>(
  dir: string,
  warn: (line: string) => void = console.warn,
): Promise<Checkpoint<State> | undefined> {
  for (const epoch of (await epochsIn(dir)).reverse()) {
    const path = join(dir, `${PREFIX}${epoch}`);
    try {
      return await readCheckpoint<State>(path, epoch);
    } catch (e) {
      if (!(e instanceof DamagedCheckpoint)) throw e;
      warn(`checkpoint after epoch ${epoch} is damaged and not used: ${e.message}`);
      await Deno.remove(path, { recursive: true }).catch(() => {});
    }
  }
  return undefined;
}
