/**
 * Stage 4, evaluate: N stochastic passes of the exported VAE per test image against the
 * single mean decode decoder(z_mean) — the answer to why the two differ.
 *
 *   deno task evaluate [--passes 100] [--seed 1] [--images N] [--workers 1|2]
 *                      [--from ID|RUN|PATH] [--force] [--artifacts DIR]
 *
 * Reads: artifacts/export/<id> (latest unless --from) and the mnist artifact it was
 * verified on. Writes: artifacts/evaluate/<id>/ metrics.json, figure.png,
 * variance_map.png, report.md.
 */
import { runStageAlone } from "../lib/cli/stage_runner.ts";
import { evaluateStage } from "../lib/evaluate/evaluate_stage.ts";

if (import.meta.main) await runStageAlone(evaluateStage);
