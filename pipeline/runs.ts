/**
 * runs: lists the recorded runs, oldest first, with what each stage did and key metrics.
 *
 *   deno task runs [--artifacts DIR]
 */
import { join } from "node:path";
import { DEFAULT_ARTIFACTS_ROOT, MANIFEST_NAME } from "../lib/store/artifact_store.ts";
import { type Command, commandMain } from "../lib/cli/main.ts";
import { parseFlags, stringFlag } from "../lib/cli/flags.ts";
import { readRunRecords } from "../lib/store/run_record.ts";

async function summaryOf(root: string, kind: string, id: string): Promise<Record<string, unknown>> {
  try {
    const summary = JSON.parse(await Deno.readTextFile(join(root, kind, id, MANIFEST_NAME))).summary;
    return summary !== null && typeof summary === "object" ? summary : {};
  } catch {
    return {};
  }
}

/** The numbers worth a glance, from a summary that is read, not trusted (a field may be missing). */
function keyMetrics(kind: string, summary: Record<string, unknown>): string {
  const num = (value: unknown) => typeof value === "number" && Number.isFinite(value) ? value : undefined;
  if (kind === "model") {
    const final = summary.final as { epoch?: unknown; valLoss?: unknown } | undefined;
    const [valLoss, epoch] = [num(final?.valLoss), num(final?.epoch)];
    return valLoss !== undefined && epoch !== undefined
      ? `val_loss ${valLoss.toFixed(3)} after ${epoch} epochs`
      : "";
  }
  if (kind === "evaluate") {
    const negElbo = num((summary.negElbo as { total?: unknown } | undefined)?.total);
    const rms = num(summary.singlePassRms);
    return [
      negElbo !== undefined && `−ELBO ${negElbo.toFixed(3)}`,
      rms !== undefined && `single-pass RMS ${rms.toFixed(4)}`,
    ].filter(Boolean).join(", ");
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
    if (run.status === "failed") console.log(`  FAILED: ${run.error ?? "(no error line recorded)"}`);
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
