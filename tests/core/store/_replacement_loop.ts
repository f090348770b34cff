/**
 * Run as a process by tests/core/store/atomic_replace_process_test.ts: reads (`read`) or replaces
 * (`write`) artifact evaluate/<id> under a root in a loop, taking no lock, and prints what it
 * saw as one JSON line: reads that found the artifact, found none, or found it inconsistent.
 *
 *   deno run --allow-all tests/core/store/_replacement_loop.ts read|write ROOT ID SECONDS [TAG]
 */
import { join } from "node:path";
import { readArtifact } from "../../../lib/core/store/artifact_read.ts";
import { writeArtifact } from "../../../lib/core/store/artifact_write.ts";

/** The manifest fields of evaluate artifact `id`. */
function draft(id: string) {
  return { schema: "evaluate@1", kind: "evaluate", id, params: { n: 1 }, inputs: [], env: {}, code: {} };
}

/** A fill writing files whose bytes depend on `tag` and `round` (so that each write replaces). */
export function variant(tag: string, round: number) {
  return async (dir: string) => {
    await Deno.writeTextFile(join(dir, "a.txt"), `${tag} ${round}\n`);
    await Deno.mkdir(join(dir, "sub"));
    await Deno.writeFile(join(dir, "sub", "b.bin"), new Uint8Array(64 * 1024).fill(round % 251));
    return { tag, round };
  };
}

if (import.meta.main) {
  const [mode, root, id, seconds, tag = "w"] = Deno.args;
  const until = Date.now() + Number(seconds) * 1000;
  const seen = { found: 0, missing: 0, inconsistent: 0, writes: 0, writeErrors: 0, examples: [] as string[] };
  for (let round = 0; Date.now() < until; round++) {
    if (mode === "read") {
      try {
        const artifact = await readArtifact(join(root!, "evaluate", id!), { root: root! });
        // Everything read afterwards through the artifact's dir is what was verified.
        const text = await Deno.readTextFile(join(artifact.dir, "a.txt"));
        if (text !== `${artifact.manifest.summary.tag} ${artifact.manifest.summary.round}\n`) {
          throw new Error(`a.txt: ${text}`);
        }
        seen.found++;
      } catch (e) {
        const message = (e as Error).message;
        if (/not an artifact|NotFound|No such file|missing/.test(message)) seen.missing++;
        else seen.inconsistent++;
        if (seen.examples.length < 3) seen.examples.push(message.split("\n")[0]!);
      }
    } else {
      try {
        await writeArtifact(root!, draft(id!), variant(tag, round));
        seen.writes++;
      } catch (e) {
        seen.writeErrors++;
        if (seen.examples.length < 3) seen.examples.push((e as Error).message.split("\n")[0]!);
      }
    }
  }
  console.log(JSON.stringify(seen));
}
