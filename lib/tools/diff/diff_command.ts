/**
 * `deno task diff A B`: reads the two references and flags, diffs them, and prints the verdict and
 * detail (or JSON); the exit status says whether they differ.
 */
import { join } from "node:path";
import type { Command } from "../../core/cli/main.ts";
import { type FlagOptions, parseCommandLine, stringFlag } from "../../core/cli/flags.ts";
import { diffReferences, referenceDiffText } from "./diff_references.ts";
import { DEFAULT_ARTIFACTS_ROOT } from "../../core/store/artifact_read.ts";
import { optionLines } from "../../core/cli/flag_help.ts";
import { FLAG_NOTES } from "../../core/cli/flag_notes.ts";

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
