/**
 * `deno task runs`: lists the recorded runs under the artifact root, oldest first, each stage's
 * outcome, time and key numbers.
 */
import { DEFAULT_ARTIFACTS_ROOT } from "../../core/store/artifact_read.ts";
import { keyMetricsOf, keyMetricsText } from "../../core/store/stage_summary.ts";
import type { Command } from "../../core/cli/main.ts";
import { type FlagOptions, parseFlags, stringFlag } from "../../core/cli/flags.ts";
import { optionLines } from "../../core/cli/flag_help.ts";
import { FLAG_NOTES } from "../../core/cli/flag_notes.ts";
import { readRunRecords } from "../../core/store/run_record.ts";

const OPTIONS = { artifacts: { type: "string" } } as const satisfies FlagOptions;

async function runs(args: string[]): Promise<void> {
  const flags = parseFlags(args, OPTIONS, "runs");
  const root = stringFlag(flags, "artifacts") ?? DEFAULT_ARTIFACTS_ROOT;
  const records = await readRunRecords(root);
  if (records.length === 0) console.log(`no runs recorded under ${root}/runs`);
  for (const run of records) {
    console.log(`${run.id}  ${run.command.join(" ") || "(defaults)"}`);
    if (run.status === "failed") console.log(`  FAILED: ${run.error ?? "(no error line recorded)"}`);
    if (run.status === "interrupted") console.log(`  INTERRUPTED: ${run.error ?? "(no line recorded)"}`);
    for (const stage of run.stages) {
      const metrics = keyMetricsText(await keyMetricsOf(root, stage.kind, stage.id));
      console.log(
        `  ${stage.stage.padEnd(12)} ${stage.kind} ${stage.id}  ${stage.outcome.padEnd(10)} ${
          stage.seconds.toFixed(1).padStart(7)
        } s` +
          (metrics ? `  ${metrics}` : "") +
          (stage.resumedAfterEpoch === undefined ? "" : `  (resumed after epoch ${stage.resumedAfterEpoch})`),
      );
    }
  }
}

/** `deno task runs`. */
export const runsCommand: Command = {
  name: "runs",
  kind: "stage",
  flags: () => [{ title: "runs", flags: optionLines(OPTIONS, FLAG_NOTES) }],
  run: runs,
};
