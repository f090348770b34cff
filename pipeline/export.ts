/**
 * Stage 3, export: turns a `model` artifact into deployable TensorFlow.js LayersModels
 * (encoder, decoder, and the VAE with ε as an explicit input), reloads each from disk and
 * checks it reproduces the trained weights' own forward pass exactly on the test images.
 *
 *   deno task export [--from ID|RUN|PATH] [--force] [--artifacts DIR]
 *
 * Reads: artifacts/model/<id> (latest unless --from) and the mnist artifact it was trained
 * on. Writes: artifacts/export/<id>/{encoder,decoder,vae}/model.json + weights.bin, export.json.
 */
import { commandMain } from "../lib/core/cli/main.ts";
import { stageCommand } from "../lib/core/cli/stage_command.ts";
import { exportStage } from "../lib/stages/export/export_stage.ts";

if (import.meta.main) await commandMain(stageCommand(exportStage));
