/**
 * A cell whose every artifact is already up to date costs no process: the sweep checks it in
 * its own process (a dry run of the cell's plan, computing nothing) and writes the run record
 * that `deno task all` would have written for it, with every stage "up to date".
 */
import { basename } from "node:path";
import { dryRunPlan, planAll } from "../all/all_plan.ts";
import { writeFileAtomic } from "../../core/store/atomic_write.ts";
import { recordRun } from "../../core/store/run_record.ts";
import type { CellOutcome } from "./cell_process.ts";

/**
 * Records the cell `args` (whose --artifacts is `root`) as a run if all its artifacts are up
 * to date, writing what it found to `logPath`; undefined when something would be computed
 * (then the cell must run).
 */
export async function recordIfUpToDate(
  root: string,
  args: string[],
  logPath: string,
): Promise<CellOutcome | undefined> {
  const started = new Date();
  const clock = performance.now();
  const dry = await dryRunPlan(planAll(args));
  if (dry.toCompute !== undefined) return undefined;
  const path = await recordRun(root, started, dry.outcomes, args);
  await writeFileAtomic(
    logPath,
    [
      "every stage up to date (checked by the sweep; no process started):",
      ...dry.outcomes.map((o) => `${o.stage}: ${o.kind} ${o.id} ${o.outcome}`),
      `run recorded: ${path}`,
      "",
    ].join("\n"),
  );
  return {
    ok: true,
    runId: basename(path, ".json"),
    outcome: "up to date",
    seconds: (performance.now() - clock) / 1000,
  };
}
