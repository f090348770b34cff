/**
 * `deno task verify <stage>`: reads the stage and flags, reruns the stored artifact in scratch
 * (verify_rerun.ts) and exits 0 when the outputs are identical, 1 when not.
 */
import type { Command } from "../../core/cli/main.ts";
import { type FlagOptions, parseCommandLine, stringFlag } from "../../core/cli/flags.ts";
import { PIPELINE, stageNamed } from "../../stages/pipeline_order.ts";
import { DEFAULT_ARTIFACTS_ROOT } from "../../core/store/artifact_read.ts";
import { verifyStored } from "./verify_rerun.ts";
import { optionLines } from "../../core/cli/flag_help.ts";
import { FLAG_NOTES } from "../../core/cli/flag_notes.ts";

const OPTIONS = { from: { type: "string" }, artifacts: { type: "string" } } as const satisfies FlagOptions;

async function verify(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(args, OPTIONS, "verify", true);
  const stage = stageNamed(positionals[0] ?? "");
  if (positionals.length !== 1 || stage === undefined) {
    throw new RangeError(
      `expected one stage: ${PIPELINE.map((s) => s.name).join(", ")} (got ${
        positionals.join(" ") || "none"
      })`,
    );
  }
  const root = stringFlag(values, "artifacts") ?? DEFAULT_ARTIFACTS_ROOT;
  return await verifyStored(stage, root, stringFlag(values, "from"));
}

/** `deno task verify`. */
export const verifyCommand: Command = {
  name: "verify",
  kind: "comparison",
  flags: () => [{
    title: "verify <stage>",
    flags: optionLines(OPTIONS, {
      ...FLAG_NOTES,
      from: {
        about: "which stored artifact to rerun",
        value: "ID|RUN|PATH",
        default: "the latest of its kind",
      },
    }),
  }],
  run: verify,
};
