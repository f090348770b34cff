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
import { type Command, commandMain } from "../lib/core/cli/main.ts";
import { runStageWithArgs } from "../lib/core/cli/stage_runner.ts";
import { stageFlagGroups } from "../lib/core/cli/stage_help.ts";
import { evaluateStage } from "../lib/stages/evaluate/evaluate_stage.ts";
import { readAnswer } from "../lib/stages/evaluate/evaluate_artifact.ts";

async function evaluate(args: string[]): Promise<void> {
  const { root, outcome } = await runStageWithArgs(evaluateStage, args);
  // The run ends with the answer: what was found, where the report is, how to see it.
  console.log(`\n${(await readAnswer(root, outcome.id)).join("\n")}`);
}

/** `deno task evaluate`. */
export const evaluateCommand: Command = {
  name: "evaluate",
  kind: "stage",
  flags: () => stageFlagGroups(evaluateStage),
  run: evaluate,
};

if (import.meta.main) await commandMain(evaluateCommand);
