/**
 * all: fetch-mnist → train → export → evaluate in one run. Each stage reuses its artifact
 * when one exists for the same inputs and params ("up to date"); a changed flag or input
 * reruns that stage and, through the input ids, everything downstream.
 *
 *   deno task all [--profile default|smoke] [--force] [--artifacts DIR] [any stage's flags]
 *
 * Flags go to the stage that owns them (e.g. --epochs to train, --passes to evaluate;
 * evaluate's seed is --eval-seed here); --workers and --engine go to every stage that has
 * them (train and evaluate). Every
 * stage's flags are checked before the first stage runs.
 * --profile smoke: 10,000 training and 1,000 test images, 3 epochs, 20 passes — well
 * under a minute. Records the run under artifacts/runs/. Two runs computing the same artifact
 * on one root take turns: the second waits, then reuses what the first made.
 * Ends with the answer in six lines: the single-pass RMS against decoder(z_mean), the gap in
 * nats, the active latent dimensions, ε = 0 exact, the paths of report.md and report.html,
 * and the `deno task view` command; a shortened run says it is a quick look.
 */
import { commandMain } from "../lib/core/cli/main.ts";
import { allCommand } from "../lib/tools/all/all_command.ts";

if (import.meta.main) await commandMain(allCommand);
