/**
 * runs: lists the recorded runs, oldest first, with what each stage did and key metrics; a
 * run that failed or was interrupted (Ctrl-C, SIGTERM) says so, with the stages finished
 * before, and a training that resumed from a checkpoint says after which epoch.
 *
 *   deno task runs [--artifacts DIR]
 */
import { commandMain } from "../lib/core/cli/main.ts";
import { runsCommand } from "../lib/tools/runs/runs_command.ts";

if (import.meta.main) await commandMain(runsCommand);
