/**
 * Stage 2, train: trains the Keras example's VAE on an `mnist` artifact and writes a
 * `model` artifact. Checkpoints after every epoch; rerunning the same command after a
 * crash or Ctrl-C resumes and ends with the same bytes as an uninterrupted run.
 *
 *   deno task train [--epochs 50] [--batch-size 128] [--latent-dim 32] [--hidden-dim 512]
 *                   [--lr 0.001] [--seed 1] [--backend wasm|cpu] [--engine wasm|native]
 *                   [--from ID|RUN|PATH] [--workers 1|2] [--force] [--artifacts DIR]
 *
 * --engine native: each training step in Debian's OpenBLAS and C, ε drawn in C with tfjs'
 * values, on the --workers threads with one OpenBLAS thread each (faster than wasm; the same
 * bytes only with the same OpenBLAS build and CPU kernel, whatever --workers).
 * Reads: artifacts/mnist/<id> (latest unless --from). Writes: artifacts/model/<id>/.
 */
import { commandMain } from "../lib/core/cli/main.ts";
import { stageCommand } from "../lib/core/cli/stage_command.ts";
import { trainStage } from "../lib/stages/train/train_stage.ts";

if (import.meta.main) await commandMain(stageCommand(trainStage));
