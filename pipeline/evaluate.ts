/**
 * Stage 4, evaluate: N stochastic passes of the exported VAE per test image against the
 * single mean decode decoder(z_mean) — the answer to why the two differ.
 *
 *   deno task evaluate [--passes 100] [--seed 1] [--images N] [--engine wasm|native]
 *                      [--workers 1|2] [--from ID|RUN|PATH] [--force] [--artifacts DIR]
 *
 * --engine native: the decoder's products in Debian's OpenBLAS (one thread per worker),
 * sigmoid, clipped BCE and the Welford step in C; about 2.5× as fast as wasm.
 * Reads: artifacts/export/<id> (latest unless --from) and the mnist artifact it was
 * verified on. Writes: artifacts/evaluate/<id>/ metrics.json, figure.png,
 * variance_map.png, report.md, report.html; ends with the answer (six lines) and where
 * the report is.
 */
import { commandMain } from "../lib/core/cli/main.ts";
import { stageCommand } from "../lib/core/cli/stage_command.ts";
import { evaluateStage } from "../lib/stages/evaluate/evaluate_stage.ts";

if (import.meta.main) await commandMain(stageCommand(evaluateStage));
