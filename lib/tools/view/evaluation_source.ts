/**
 * What an evaluation page is made from, read from the store: the evaluate artifact (verified),
 * its report.md and metrics.json, the export and mnist it read, and the model the export
 * came from (for its loss curve) when it is there, and the answer's lines with its numbers
 * when they can be worked out.
 */
import { join } from "node:path";
import type { Artifact } from "../../core/store/manifest.ts";
import { artifactDir, namedDir, readArtifact } from "../../core/store/artifact_read.ts";
import { isArtifactId } from "../../core/store/ids.ts";
import { readSmallTextFile } from "../../core/store/safe_paths.ts";
import type { EvaluationView } from "../../core/render/evaluation_page.ts";
import { pageAnswer } from "./evaluation_answer.ts";

/** An evaluation page's sources. */
export interface EvaluationSource {
  view: EvaluationView;
  evaluation: Artifact;
  model?: Artifact;
}

function inputId(artifact: Artifact, kind: string): string {
  const id = artifact.manifest.inputs.find((input) => input.kind === kind)?.id;
  if (id === undefined) throw new Error(`${namedDir(artifact)}: has no ${kind} input`);
  return id;
}

/** The sources of evaluate artifact `id` under `root`; an Error naming it when it is missing or damaged. */
export async function evaluationSource(root: string, id: string): Promise<EvaluationSource> {
  if (!isArtifactId(id)) throw new Error(`${id}: not an artifact id`);
  const evaluation = await readArtifact(artifactDir(root, "evaluate", id), { root, schema: "evaluate@1" });
  const exportId = inputId(evaluation, "export");
  const mnistId = inputId(evaluation, "mnist");
  const exported = await readArtifact(artifactDir(root, "export", exportId), { root });
  const modelId = exported.manifest.inputs.find((input) => input.kind === "model")?.id;
  const model = modelId === undefined
    ? undefined
    : await readArtifact(artifactDir(root, "model", modelId), { root }).catch(() => undefined);
  const text = (name: string) => readSmallTextFile(join(evaluation.dir, name));
  let metrics: unknown;
  try {
    metrics = JSON.parse(await text("metrics.json"));
  } catch (e) {
    throw new Error(`${join(evaluation.dir, "metrics.json")}: ${(e as Error).message}`);
  }
  const answer = await pageAnswer(root, id);
  return {
    evaluation,
    ...(model === undefined ? {} : { model }),
    view: {
      evaluateId: id,
      exportId,
      mnistId,
      ...(modelId === undefined ? {} : { modelId }),
      reportMarkdown: await text("report.md"),
      metrics,
      ...(answer === undefined ? {} : { answer: answer.lines }),
    },
  };
}
