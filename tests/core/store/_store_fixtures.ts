/** Small artifacts for the store's tests: a draft manifest, fills that write a few files, a kind directory's entries. */
import { join } from "node:path";
import type { ManifestDraft } from "../../../lib/core/store/manifest.ts";
import { versionId } from "../../../lib/core/store/artifact_versions.ts";

/** The manifest fields of an `evaluate` artifact with id `id` (the store checks kinds: a known one). */
export function draft(id: string): ManifestDraft {
  return { schema: "evaluate@1", kind: "evaluate", id, params: { n: 1 }, inputs: [], env: {}, code: {} };
}

/** Writes a.txt ("hello") and sub/b.bin (bytes 1, 2, 3); summary { answer: 42 }. */
export async function writeTwoFiles(dir: string): Promise<Record<string, unknown>> {
  await Deno.writeTextFile(join(dir, "a.txt"), "hello");
  await Deno.mkdir(join(dir, "sub"));
  await Deno.writeFile(join(dir, "sub", "b.bin"), new Uint8Array([1, 2, 3]));
  return { answer: 42 };
}

/** Writes a.txt ("hello"); summary {}. */
export async function writeOneFile(dir: string): Promise<Record<string, unknown>> {
  await Deno.writeTextFile(join(dir, "a.txt"), "hello");
  return {};
}

/**
 * The entries of directory `dir` (sorted), each version directory of an artifact
 * (`.<id>.<version>`, lib/core/store/artifact_versions.ts) shown as `.<id>.<version>`: what a
 * kind directory holds, without the random version names.
 */
export async function storedEntries(dir: string): Promise<string[]> {
  const names = await Array.fromAsync(Deno.readDir(dir)).then(
    (entries) => entries.map((e) => e.name),
    () => [],
  );
  return names.map((name) => {
    const id = versionId(name);
    return id === undefined ? name : `.${id}.<version>`;
  }).sort();
}
