/**
 * runs: lists the recorded runs, oldest first, with what each stage did and key metrics.
 *
 *   deno task runs [--artifacts DIR]
 */
import { join } from "node:path";
import { DEFAULT_ARTIFACTS_ROOT } from "../lib/store/artifact_store.ts";
import { type Command, commandMain } from "../lib/cli/main.ts";
import { parseFlags, stringFlag } from "../lib/cli/flags.ts";
import { readRunRecords } from "../lib/store/run_record.ts";

async function summaryOf(root: string, kind: string, id: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await Deno.readTextFile(join(root, kind, id, "manifest.json"))).summary ?? {};
  } catch {
    return {};
  }
}

function keyMetrics(kind: string, summary: Record<string, unknown>): string {
  if (kind === "model") {
    const final = summary.final as { epoch: number; valLoss: number } | undefined;
    return final ? `val_loss ${final.valLoss.toFixed(3)} after ${final.epoch} epochs` : "";
  }
  if (kind === "evaluate") {
    const negElbo = summary.negElbo as { total: number } | undefined;
    const rms = summary.singlePassRms as number | undefined;
    return [
      negElbo && `−ELBO ${negElbo.total.toFixed(3)}`,
      rms !== undefined && `single-pass RMS ${rms.toFixed(4)}`,
    ]
      .filter(Boolean).join(", ");
  }
  return "";
}

async function runs(args: string[]): Promise<void> {
  const flags = parseFlags(args, { artifacts: { type: "string" } }, "runs");
  const root = stringFlag(flags, "artifacts") ?? DEFAULT_ARTIFACTS_ROOT;
  const records = await readRunRecords(root);
  if (records.length === 0) console.log(`no runs recorded under ${root}/runs`);
  for (const run of records) {
    console.log(`${run.id}  ${run.command.join(" ") || "(defaults)"}`);
    for (const stage of run.stages) {
      const metrics = keyMetrics(stage.kind, await summaryOf(root, stage.kind, stage.id));
      console.log(
        `  ${stage.stage.padEnd(12)} ${stage.kind} ${stage.id}  ${stage.outcome.padEnd(10)} ${
          stage.seconds.toFixed(1).padStart(7)
        } s` +
          (metrics ? `  ${metrics}` : ""),
      );
    }
  }
}

/** `deno task runs`. */
export const runsCommand: Command = { name: "runs", kind: "stage", run: runs };

if (import.meta.main) await commandMain(runsCommand);
