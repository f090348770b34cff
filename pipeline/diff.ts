/**
 * diff: compares two artifacts and says what changed and by how much.
 *
 *   deno task diff A B [--json] [--out DIR] [--artifacts DIR]
 *
 * A and B are artifact ids (looked up under every kind), artifact directories, or two run
 * ids (then every stage's artifacts are compared, in pipeline order). Exit
 * status as diff(1): 0 identical files, 1 different, 2 error (unknown id, corrupt artifact).
 * Difference pictures of changed PNGs go to --out (default artifacts/diffs/<A>-<B>/).
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type Command, commandMain } from "../lib/cli/main.ts";
import { diffArtifacts } from "../lib/diff/artifact_diff.ts";
import { diffReport } from "../lib/diff/diff_report.ts";
import { useBackend } from "../lib/runtime/backend.ts";
import {
  type Artifact,
  artifactDir,
  DEFAULT_ARTIFACTS_ROOT,
  readArtifact,
} from "../lib/store/artifact_store.ts";
import { isRunId } from "../lib/store/ids.ts";
import { resolveReference } from "../lib/store/reference.ts";
import { readRunRecord } from "../lib/store/run_record.ts";

async function diff(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { json: { type: "boolean" }, out: { type: "string" }, artifacts: { type: "string" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new RangeError(
      `${(e as Error).message} (usage: deno task diff A B [--json] [--out DIR] [--artifacts DIR])`,
    );
  }
  if (parsed.positionals.length !== 2) {
    throw new RangeError(
      `expected two artifacts A and B, got ${parsed.positionals.length} (usage: deno task diff A B [--json])`,
    );
  }
  const root = parsed.values.artifacts ?? DEFAULT_ARTIFACTS_ROOT;
  const [refA, refB] = [parsed.positionals[0]!, parsed.positionals[1]!];
  const pairs: [Artifact, Artifact][] = [];
  const read = (dir: string) => readArtifact(dir, { root });
  if (isRunId(refA) && isRunId(refB)) {
    const [runA, runB] = [await readRunRecord(root, refA), await readRunRecord(root, refB)];
    for (const stage of runA.stages) {
      const other = runB.stages.find((s) => s.kind === stage.kind);
      if (other === undefined) continue;
      pairs.push([
        await read(artifactDir(root, stage.kind, stage.id)),
        await read(artifactDir(root, other.kind, other.id)),
      ]);
    }
    if (pairs.length === 0) throw new Error(`runs ${refA} and ${refB} share no stage`);
  } else {
    pairs.push([
      await read(await resolveReference(root, refA)),
      await read(await resolveReference(root, refB)),
    ]);
  }
  // Weight files are decoded by tfjs: on wasm, as the stages run, and without the cpu
  // backend's "running TensorFlow.js in Node.js" banner in the report.
  await useBackend("wasm");
  const diffs = [];
  for (const [a, b] of pairs) {
    diffs.push(
      await diffArtifacts(
        a,
        b,
        parsed.values.out ?? join(root, "diffs", `${a.manifest.id}-${b.manifest.id}`),
      ),
    );
  }
  if (parsed.values.json) console.log(JSON.stringify(diffs.length === 1 ? diffs[0] : diffs, null, 2));
  else console.log(diffs.map(diffReport).join("\n\n"));
  return diffs.every((d) => d.identical) ? 0 : 1;
}

/** `deno task diff`. */
export const diffCommand: Command = { name: "diff", kind: "comparison", run: diff };

if (import.meta.main) await commandMain(diffCommand);
