/**
 * diff: compares two artifacts and says what changed, by how much, and whether that is more
 * than noise.
 *
 *   deno task diff A B [--all] [--json] [--out DIR] [--artifacts DIR]
 *
 * A and B are artifact ids (looked up under every kind), artifact directories, or two run
 * ids (then every stage's artifacts are compared, in pipeline order). The report opens with
 * the verdict: what differs in the making (params, data, source files), then each headline
 * metric's change judged against the training-seed spread of A's and B's configurations
 * (from sweeps under the root) when they are two trainings, or against the evaluation-seed
 * noise when they are one model evaluated twice; with no spread known it prints the sweep
 * that would measure it. The detail follows, summarised (--all: every file, tensor and
 * number; --json: everything, verdict included). Exit status as diff(1): 0 identical files,
 * 1 different, 2 error (unknown id, corrupt artifact). Pictures go to --out (default
 * artifacts/diffs/<A>-<B>/): old | new | |Δ| of changed PNGs, and two models' loss curves
 * overlaid (loss_curves.png).
 */
import { join } from "node:path";
import { type Command, commandMain } from "../lib/core/cli/main.ts";
import { type FlagOptions, parseCommandLine, stringFlag } from "../lib/core/cli/flags.ts";
import { diffReferences, referenceDiffText } from "../lib/tools/diff/diff_references.ts";
import { DEFAULT_ARTIFACTS_ROOT } from "../lib/core/store/artifact_store.ts";
import { optionLines } from "../lib/core/cli/flag_help.ts";
import { FLAG_NOTES } from "../lib/core/cli/flag_notes.ts";

const OPTIONS = {
  all: { type: "boolean" },
  json: { type: "boolean" },
  out: { type: "string" },
  artifacts: { type: "string" },
} as const satisfies FlagOptions;

async function diff(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine(args, OPTIONS, "diff", true);
  } catch (e) {
    throw new RangeError(
      `${(e as Error).message} (usage: deno task diff A B [--all] [--json] [--out DIR] [--artifacts DIR])`,
    );
  }
  if (parsed.positionals.length !== 2) {
    throw new RangeError(
      `expected two artifacts A and B, got ${parsed.positionals.length} (usage: deno task diff A B [--all] [--json])`,
    );
  }
  const root = stringFlag(parsed.values, "artifacts") ?? DEFAULT_ARTIFACTS_ROOT;
  const [refA, refB] = [parsed.positionals[0]!, parsed.positionals[1]!];
  const result = await diffReferences(
    root,
    refA,
    refB,
    (a, b) => stringFlag(parsed.values, "out") ?? join(root, "diffs", `${a.manifest.id}-${b.manifest.id}`),
  );
  const { verdict, diffs, unpaired } = result;
  if (parsed.values.json) {
    console.log(JSON.stringify({ identical: result.identical, verdict, unpaired, diffs }, null, 2));
  } else {
    console.log(referenceDiffText(result, parsed.values.all === true));
  }
  return result.identical ? 0 : 1;
}

/** `deno task diff`. */
export const diffCommand: Command = {
  name: "diff",
  kind: "comparison",
  flags: () => [{
    title: "diff A B",
    flags: optionLines(OPTIONS, {
      ...FLAG_NOTES,
      json: { about: "print {identical, verdict, diffs} as JSON, with everything" },
      out: { about: "where pictures go", value: "DIR", default: "artifacts/diffs/<A>-<B>/" },
    }),
  }],
  run: diff,
};

if (import.meta.main) await commandMain(diffCommand);
