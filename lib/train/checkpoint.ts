/**
 * Training checkpoints: after every epoch, the arrays (weights, optimizer moments) and a
 * JSON state are written to `<dir>/epoch-<n>/` atomically (temporary directory, fsync,
 * rename), and older checkpoints are removed. A killed run resumes from the newest one.
 */
import { join } from "node:path";
import { type NamedArray, readWeights, writeWeights } from "../model/weights_file.ts";

/** A checkpoint as read back. */
export interface Checkpoint<State> {
  epoch: number;
  arrays: NamedArray[];
  state: State;
}

const PREFIX = "epoch-";

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

/** Writes the checkpoint of `epoch` into `dir` and removes older ones and leftovers. */
export async function writeCheckpoint<State>(
  dir: string,
  epoch: number,
  arrays: NamedArray[],
  state: State,
): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  const tmp = await Deno.makeTempDir({ dir, prefix: ".tmp-" });
  await writeWeights(tmp, "arrays", arrays);
  await Deno.writeTextFile(join(tmp, "state.json"), JSON.stringify({ epoch, state }) + "\n");
  for (const name of ["arrays.json", "arrays.bin", "state.json"]) {
    const file = await Deno.open(join(tmp, name), { read: true });
    await file.sync();
    file.close();
  }
  const target = join(dir, `${PREFIX}${epoch}`);
  await Deno.remove(target, { recursive: true }).catch(() => {});
  await Deno.rename(tmp, target);
  for (const older of (await epochsIn(dir)).filter((e) => e < epoch)) {
    await Deno.remove(join(dir, `${PREFIX}${older}`), { recursive: true });
  }
  for await (const entry of Deno.readDir(dir)) {
    if (entry.name.startsWith(".tmp-")) await Deno.remove(join(dir, entry.name), { recursive: true });
  }
}

/** The newest complete checkpoint in `dir`, or undefined when there is none. */
export async function readLatestCheckpoint<State>(dir: string): Promise<Checkpoint<State> | undefined> {
  const epochs = await epochsIn(dir);
  const epoch = epochs[epochs.length - 1];
  if (epoch === undefined) return undefined;
  const path = join(dir, `${PREFIX}${epoch}`);
  const saved = JSON.parse(await Deno.readTextFile(join(path, "state.json"))) as {
    epoch: number;
    state: State;
  };
  return { epoch: saved.epoch, arrays: await readWeights(path, "arrays"), state: saved.state };
}
