/**
 * A whole diff of two references (artifact ids, paths, or two run ids, compared stage by
 * stage): the artifact pairs, each pair's file-by-file diff, the verdict on the most
 * downstream pair, and its text. What `deno task diff` prints and the viewer's compare page
 * shows.
 */
import { diffArtifacts } from "./artifact_diff.ts";
import type { ArtifactDiff } from "./file_diff.ts";
import { diffReport } from "./diff_report.ts";
import { type DiffVerdict, diffVerdict } from "./diff_verdict.ts";
import { verdictReport } from "./verdict_report.ts";
import { useBackend } from "../../core/runtime/backend.ts";
import type { Artifact } from "../../core/store/manifest.ts";
import { artifactDir, namedDir, readArtifact } from "../../core/store/artifact_read.ts";
import { parseSchema } from "../../core/store/kinds.ts";
import { PIPELINE } from "../../stages/pipeline_order.ts";
import { isRunId } from "../../core/store/ids.ts";
import { resolveReference } from "../../core/store/reference.ts";
import { readRunRecord } from "../../core/store/run_record.ts";

/** A diff of references A and B. */
export interface ReferenceDiff {
  refA: string;
  refB: string;
  /** Whether A and B were run ids. */
  runs: boolean;
  pairs: [Artifact, Artifact][];
  diffs: ArtifactDiff[];
  verdict: DiffVerdict;
  /** For two runs: the stages only one of them has, e.g. "evaluate (only in B)". */
  unpaired: string[];
  /** Every pair identical and no stage unpaired. */
  identical: boolean;
}

/**
 * Diffs `refA` and `refB` under `root`; pictures go to `outDirOf(a, b)` when it gives a
 * directory. Throws an Error naming the reference that resolves to no artifact.
 */
export async function diffReferences(
  root: string,
  refA: string,
  refB: string,
  outDirOf: (a: Artifact, b: Artifact) => string | undefined = () => undefined,
): Promise<ReferenceDiff> {
  const pairs: [Artifact, Artifact][] = [];
  const read = (dir: string) => readArtifact(dir, { root });
  const runs = isRunId(refA) && isRunId(refB);
  const unpaired: string[] = [];
  if (runs) {
    const [runA, runB] = [await readRunRecord(root, refA), await readRunRecord(root, refB)];
    // In pipeline order, so that the last pair is the most downstream one.
    for (const kind of PIPELINE.map((stage) => parseSchema(stage.schema).kind)) {
      const [a, b] = [runA.stages.find((s) => s.kind === kind), runB.stages.find((s) => s.kind === kind)];
      if (a === undefined && b === undefined) continue;
      if (a === undefined || b === undefined) {
        unpaired.push(`${kind} (only in ${a === undefined ? "B" : "A"})`);
        continue;
      }
      pairs.push([await read(artifactDir(root, kind, a.id)), await read(artifactDir(root, kind, b.id))]);
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
  const diffs: ArtifactDiff[] = [];
  for (const [a, b] of pairs) diffs.push(await diffArtifacts(a, b, outDirOf(a, b)));
  // The verdict is on the most downstream pair: its lineage holds every stage before it.
  const [a, b] = pairs.at(-1)!;
  const verdict = await diffVerdict(a, b, diffs);
  return {
    refA,
    refB,
    runs,
    pairs,
    diffs,
    verdict,
    unpaired,
    identical: verdict.identical && unpaired.length === 0,
  };
}

/** The diff as text: the verdict first, then the detail (summarised unless `all`). */
export function referenceDiffText(diff: ReferenceDiff, all = false): string {
  const [a, b] = diff.pairs.at(-1)!;
  const label = (ref: string, x: Artifact) =>
    diff.runs ? `run ${ref}` : `${x.manifest.kind} ${x.manifest.id} (${namedDir(x)})`;
  const trainingsDiffer = diff.verdict.training !== "same model";
  return [
    verdictReport(diff.verdict, { a: label(diff.refA, a), b: label(diff.refB, b) }, { all }) +
    (diff.unpaired.length === 0
      ? ""
      : `\nstages only one run has (not compared): ${diff.unpaired.join(", ")}`),
    `detail${all ? "" : " (summarised; --all shows every file, tensor and number)"}:`,
    ...diff.diffs.map((d) => diffReport(d, { all, trainingsDiffer })),
  ].join("\n\n");
}
