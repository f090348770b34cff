/**
 * What one pipeline run measured, for comparisons across runs: every param of every stage
 * that made its evaluation (found by walking the evaluate artifact's inputs: export → model →
 * mnist), keyed by flag name as `deno task all` takes it, and the headline metrics from the
 * evaluation's metrics.json and the model's history.json. Every artifact is read verified.
 */
import { join } from "node:path";
import { z } from "zod";
import type { Artifact } from "../../core/store/manifest.ts";
import { artifactDir, namedDir, readArtifact } from "../../core/store/artifact_read.ts";
import { parseOrThrow } from "../../core/store/manifest_schema.ts";
import { readSmallTextFile } from "../../core/store/safe_paths.ts";
import { readRunRecord } from "../../core/store/run_record.ts";
import { flagsOfParams } from "./setting_flags.ts";

/** One headline metric: its key in {@link MeasuredRun.metrics}, and how it reads. */
export interface MetricSpec {
  key: string;
  label: string;
  /** Where it comes from, for people. */
  source: string;
}

/** The metrics compare and diff report on, in the order they print. */
export const HEADLINE_METRICS: readonly MetricSpec[] = [
  { key: "valLoss", label: "final val_loss", source: "model history.json, last epoch" },
  { key: "negElbo", label: "sampled −ELBO", source: "metrics.json negElbo.total" },
  { key: "meanDecodeRecon", label: "mean-decode recon", source: "metrics.json meanDecodeBce" },
  { key: "reconGap", label: "recon gap (nats)", source: "metrics.json reconGap" },
  { key: "singlePassRms", label: "single-pass RMS", source: "metrics.json singlePassRms.mean" },
  { key: "pixelVariance", label: "mean pixel variance", source: "metrics.json pixelVariance.mean" },
  { key: "iwBound", label: "IW bound", source: "metrics.json importanceWeighted.bound" },
  { key: "activeUnits", label: "active units", source: "metrics.json latent.activeUnits" },
];

/** The flags that only reseed: runs that differ in these alone are one configuration. */
export const SEED_FLAGS: readonly string[] = ["seed", "eval-seed"];

/** The training seed's flag. */
export const TRAINING_SEED_FLAG = "seed";

/** One run's setting and measurements. */
export interface MeasuredRun {
  /** The run record it came from, when it came from one. */
  runId?: string;
  evaluateId: string;
  modelId: string;
  /** Every param of every stage, by `deno task all` flag name. */
  setting: Record<string, string | number>;
  metrics: Record<string, number>;
}

const metricsFileSchema = z.object({
  negElbo: z.object({ total: z.number() }),
  meanDecodeBce: z.number(),
  reconGap: z.number(),
  singlePassRms: z.object({ mean: z.number() }),
  pixelVariance: z.object({ mean: z.number() }),
  importanceWeighted: z.object({ bound: z.number() }),
  latent: z.object({ activeUnits: z.number() }),
});

const historySchema = z.array(z.object({ epoch: z.number(), valLoss: z.number() })).min(1);

async function readJsonFile<T>(artifact: Artifact, name: string, schema: z.ZodType<T>): Promise<T> {
  const path = join(artifact.dir, name);
  let json: unknown;
  try {
    json = JSON.parse(await readSmallTextFile(path));
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
  return parseOrThrow(schema, json, path);
}

/** The params of `artifact`'s manifest by flag name, through its stage's param specs. */
function flagsOf(artifact: Artifact): Record<string, string | number> {
  return flagsOfParams(artifact.manifest.kind, artifact.manifest.params);
}

async function inputOf(root: string, artifact: Artifact, kind: string): Promise<Artifact> {
  const ref = artifact.manifest.inputs.find((input) => input.kind === kind);
  if (ref === undefined) throw new Error(`${namedDir(artifact)}: has no ${kind} input`);
  return await readArtifact(artifactDir(root, kind, ref.id), { root });
}

/** What the evaluate artifact `evaluateId` under `root` and the stages before it measured. */
export async function measureEvaluation(
  root: string,
  evaluateId: string,
  runId?: string,
): Promise<MeasuredRun> {
  const evaluation = await readArtifact(artifactDir(root, "evaluate", evaluateId), { root });
  const exported = await inputOf(root, evaluation, "export");
  const model = await inputOf(root, exported, "model");
  const mnist = await inputOf(root, model, "mnist");
  const metrics = await readJsonFile(evaluation, "metrics.json", metricsFileSchema);
  const history = await readJsonFile(model, "history.json", historySchema);
  return {
    ...(runId === undefined ? {} : { runId }),
    evaluateId,
    modelId: model.manifest.id,
    setting: { ...flagsOf(mnist), ...flagsOf(model), ...flagsOf(exported), ...flagsOf(evaluation) },
    metrics: {
      valLoss: history.at(-1)!.valLoss,
      negElbo: metrics.negElbo.total,
      meanDecodeRecon: metrics.meanDecodeBce,
      reconGap: metrics.reconGap,
      singlePassRms: metrics.singlePassRms.mean,
      pixelVariance: metrics.pixelVariance.mean,
      iwBound: metrics.importanceWeighted.bound,
      activeUnits: metrics.latent.activeUnits,
    },
  };
}

/** What run `runId` measured: the run must have an evaluate stage (e.g. a `deno task all` run). */
export async function measureRun(root: string, runId: string): Promise<MeasuredRun> {
  const record = await readRunRecord(root, runId);
  if (record.status === "failed" || record.status === "interrupted") {
    throw new Error(`run ${runId} ${record.status} (${record.error ?? "no error line"})`);
  }
  const evaluation = record.stages.find((stage) => stage.kind === "evaluate");
  if (evaluation === undefined) {
    throw new Error(
      `run ${runId} has no evaluate stage; compare runs of 'deno task all' or of 'deno task evaluate'`,
    );
  }
  return await measureEvaluation(root, evaluation.id, runId);
}

/** The setting without its seeds, as a stable key: runs with equal keys are one configuration. */
export function configurationKey(setting: Record<string, string | number>): string {
  return JSON.stringify(
    Object.keys(setting).filter((flag) => !SEED_FLAGS.includes(flag)).sort().map((
      flag,
    ) => [flag, setting[flag]]),
  );
}
