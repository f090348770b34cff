/**
 * diff: compares two artifacts and says what changed, by how much, and whether that is more
 * than noise.
 *
 *   deno task diff A B [--all] [--json] [--out DIR] [--artifacts DIR]
 *
 * A and B are artifact ids (looked up under every kind), artifact directories, or two run
 * ids (then every stage's artifacts are compared, in pipeline order). The report opens with
 * the verdict: what differs in the making (params, data, source files), then each headline
 * metric's change judged against the training-seed spread of A's and B's configurations
 * (from sweeps under the root) when they are two trainings, or against the evaluation-seed
 * noise when they are one model evaluated twice; with no spread known it prints the sweep
 * that would measure it. The detail follows, summarised (--all: every file, tensor and
 * number; --json: everything, verdict included). Exit status as diff(1): 0 identical files,
 * 1 different, 2 error (unknown id, corrupt artifact). Pictures go to --out (default
 * artifacts/diffs/<A>-<B>/): old | new | |Δ| of changed PNGs, and two models' loss curves
 * overlaid (loss_curves.png).
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type Command, commandMain } from "../lib/cli/main.ts";
import { diffArtifacts } from "../lib/diff/artifact_diff.ts";
import { diffReport } from "../lib/diff/diff_report.ts";
import { diffVerdict } from "../lib/diff/diff_verdict.ts";
import { verdictReport } from "../lib/diff/verdict_report.ts";
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
      options: {
        all: { type: "boolean" },
        json: { type: "boolean" },
        out: { type: "string" },
        artifacts: { type: "string" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new RangeError(
      `${(e as Error).message} (usage: deno task diff A B [--all] [--json] [--out DIR] [--artifacts DIR])`,
    );
  }
  if (parsed.positionals.length !== 2) {
    throw new RangeError(
      `expected two artifacts A and B, got ${parsed.positionals.length} (usage: deno task diff A B [--all] [--json])`,
    );
  }
  const root = parsed.values.artifacts ?? DEFAULT_ARTIFACTS_ROOT;
  const [refA, refB] = [parsed.positionals[0]!, parsed.positionals[1]!];
  const pairs: [Artifact, Artifact][] = [];
  const read = (dir: string) => readArtifact(dir, { root });
  const runs = isRunId(refA) && isRunId(refB);
  if (runs) {
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
  // The verdict is on the most downstream pair: its lineage holds every stage before it.
  const [a, b] = pairs.at(-1)!;
  const verdict = await diffVerdict(a, b, diffs);
  if (parsed.values.json) {
    console.log(JSON.stringify({ identical: verdict.identical, verdict, diffs }, null, 2));
  } else {
    const label = (ref: string, x: Artifact) =>
      runs ? `run ${ref}` : `${x.manifest.kind} ${x.manifest.id} (${x.dir})`;
    const all = parsed.values.all ?? false;
    const trainingsDiffer = verdict.training === "different trainings";
    console.log(
      [
        verdictReport(verdict, { a: label(refA, a), b: label(refB, b) }, { all }),
        `detail${all ? "" : " (summarised; --all shows every file, tensor and number)"}:`,
        ...diffs.map((d) => diffReport(d, { all, trainingsDiffer })),
      ].join("\n\n"),
    );
  }
  return verdict.identical ? 0 : 1;
}

/** `deno task diff`. */
export const diffCommand: Command = { name: "diff", kind: "comparison", run: diff };

if (import.meta.main) await commandMain(diffCommand);
