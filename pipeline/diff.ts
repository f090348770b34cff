/**
 * diff: compares two artifacts and says what changed and by how much.
 *
 *   deno task diff A B [--json] [--out DIR] [--artifacts DIR]
 *
 * A and B are artifact ids (looked up under every kind) or artifact directories. Exit
 * status as diff(1): 0 identical files, 1 different, 2 error (unknown id, corrupt artifact).
 * Difference pictures of changed PNGs go to --out (default artifacts/diffs/<A>-<B>/).
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { diffArtifacts } from "../lib/artifact_diff.ts";
import { type Artifact, DEFAULT_ARTIFACTS_ROOT, readArtifact } from "../lib/artifact_store.ts";
import { diffReport } from "../lib/diff_report.ts";

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
  const [a, b] = [
    await resolveArtifact(root, parsed.positionals[0]!),
    await resolveArtifact(root, parsed.positionals[1]!),
  ];
  const out = parsed.values.out ?? join(root, "diffs", `${a.manifest.id}-${b.manifest.id}`);
  const diff = await diffArtifacts(a, b, out);
  console.log(parsed.values.json ? JSON.stringify(diff, null, 2) : diffReport(diff));
  return diff.identical ? 0 : 1;
}

if (import.meta.main) {
  try {
    Deno.exit(await main());
  } catch (e) {
    console.error(`diff: error: ${(e as Error).message.split("\n")[0]}`);
    Deno.exit(2);
  }
}
