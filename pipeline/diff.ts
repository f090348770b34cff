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
import { runComparisonMain } from "../lib/cli/flags.ts";
import { diffArtifacts } from "../lib/diff/artifact_diff.ts";
import { type Artifact, DEFAULT_ARTIFACTS_ROOT, readArtifact } from "../lib/store/artifact_store.ts";
import { diffReport } from "../lib/diff/diff_report.ts";
import type { RunRecord } from "../lib/store/run_record.ts";

async function resolveArtifact(root: string, ref: string): Promise<Artifact> {
  if (/^[0-9a-f]{16}$/.test(ref)) {
    const found: string[] = [];
    const kinds = await Array.fromAsync(Deno.readDir(root)).catch(() => []);
    for (const kind of kinds) {
      const dir = join(root, kind.name, ref);
      if (await Deno.stat(join(dir, "manifest.json")).then(() => true, () => false)) found.push(dir);
    }
    if (found.length === 0) throw new Error(`${ref}: no artifact with this id under ${root}`);
    return await readArtifact(found[0]!);
  }
  return await readArtifact(ref);
}

const RUN_ID = /^\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{4}$/;

async function readRun(root: string, id: string): Promise<RunRecord> {
  try {
    return JSON.parse(await Deno.readTextFile(join(root, "runs", `${id}.json`)));
  } catch {
    throw new Error(`${id}: no run record under ${root}/runs`);
  }
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: Deno.args,
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
  if (RUN_ID.test(refA) && RUN_ID.test(refB)) {
    const [runA, runB] = [await readRun(root, refA), await readRun(root, refB)];
    for (const stage of runA.stages) {
      const other = runB.stages.find((s) => s.kind === stage.kind);
      if (other === undefined) continue;
      pairs.push([
        await readArtifact(join(root, stage.kind, stage.id)),
        await readArtifact(join(root, other.kind, other.id)),
      ]);
    }
    if (pairs.length === 0) throw new Error(`runs ${refA} and ${refB} share no stage`);
  } else {
    pairs.push([await resolveArtifact(root, refA), await resolveArtifact(root, refB)]);
  }
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

if (import.meta.main) await runComparisonMain("diff", main);
