/**
 * `deno task all`: plans every stage's flags, runs the four stages in order under one run record,
 * and ends with what its stages conclude (evaluate's answer).
 */
import type { Command } from "../../core/cli/main.ts";
import { runRecorded } from "../../core/cli/run_recorded.ts";
import { planAll } from "./all_plan.ts";
import { allFlagGroups } from "./all_help.ts";

async function all(args: string[]): Promise<void> {
  const started = new Date();
  // Params at the edge: every stage's flags are read and checked before anything runs.
  const plan = planAll(args);
  if (plan.profile === "smoke") {
    console.log(
      "profile smoke: 10000 train / 1000 test images, 3 epochs, 20 passes — a quick look, not the reproduction",
    );
  }
  const outcomes = await runRecorded("all", plan.stages, plan.where, args, started, true);
  // The run ends with what its stages conclude (evaluate: the answer, where the report is, how to see it).
  for (const [index, outcome] of outcomes.entries()) {
    const conclusion = plan.stages[index]?.stage.conclusion;
    if (conclusion) console.log(`\n${(await conclusion(plan.where.root, outcome.id)).join("\n")}`);
  }
}

/** `deno task all`. */
export const allCommand: Command = { name: "all", kind: "stage", flags: allFlagGroups, run: all };
