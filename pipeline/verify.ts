/**
 * verify: reruns one stage in a scratch location from the same inputs and params as a
 * stored artifact, and reports whether the outputs are byte-identical — the check that the
 * pipeline really is deterministic.
 *
 *   deno task verify <fetch-mnist|train|export|evaluate> [--from ID|RUN|PATH] [--artifacts DIR]
 *
 * Exit status: 0 identical, 1 different, 2 error.
 */
import { join, resolve } from "node:path";
import { openInput } from "../lib/store/artifact_lookup.ts";
import { DEFAULT_ARTIFACTS_ROOT } from "../lib/store/artifact_store.ts";
import { parseArgs } from "node:util";
import { type FlagValues, runComparisonMain } from "../lib/cli/flags.ts";
import type { Stage } from "../lib/cli/stage_runner.ts";
import { evaluateStage } from "./evaluate.ts";
import { exportStage } from "./export.ts";
import { fetchMnistStage } from "./fetch_mnist.ts";
import { trainStage } from "./train.ts";

const STAGES: Record<string, { stage: Stage; schema: string }> = {
  "fetch-mnist": { stage: fetchMnistStage, schema: "mnist@1" },
  train: { stage: trainStage, schema: "model@1" },
  export: { stage: exportStage, schema: "export@1" },
  evaluate: { stage: evaluateStage, schema: "evaluate@1" },
};

/** The flags that reproduce `params` (camelCase keys → --kebab-case flags). */
function flagsFor(params: Record<string, unknown>): FlagValues {
  return Object.fromEntries(
    Object.entries(params).map((
      [key, value],
    ) => [key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), String(value)]),
  );
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    options: { from: { type: "string" }, artifacts: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const entry = STAGES[positionals[0] ?? ""];
  if (positionals.length !== 1 || entry === undefined) {
    throw new RangeError(
      `expected one stage: ${Object.keys(STAGES).join(", ")} (got ${positionals.join(" ") || "none"})`,
    );
  }
  const root = values.artifacts ?? DEFAULT_ARTIFACTS_ROOT;
  const stored = await openInput(root, entry.schema, values.from, {
    flag: "--from",
    makeCommand: `deno task ${positionals[0]}`,
  });
  const scratch = await Deno.makeTempDir({ prefix: "vae-verify-" });
  try {
    // The scratch root sees the stored inputs (linked, read-only use) and nothing else.
    for (const input of stored.manifest.inputs) {
      await Deno.mkdir(join(scratch, input.kind), { recursive: true });
      await Deno.symlink(resolve(root, input.kind, input.id), join(scratch, input.kind, input.id));
      await Deno.writeTextFile(join(scratch, input.kind, "LATEST"), `${input.id}\n`);
    }
    const primary = stored.manifest.inputs[0];
    const flags = { ...flagsFor(stored.manifest.params), ...(primary ? { from: primary.id } : {}) };
    console.log(
      `rerunning ${positionals[0]} for ${stored.manifest.kind} ${stored.manifest.id} in ${scratch}`,
    );
    const rerun = await entry.stage.run(flags, { root: scratch, force: true });
    if (rerun.manifest.id !== stored.manifest.id) {
      console.log(
        `note: the source changed since the stored artifact was made (new id ${rerun.manifest.id})`,
      );
    }
    const storedFiles = new Map(stored.manifest.files.map((f) => [f.path, f.sha256]));
    let identical = rerun.manifest.files.length === storedFiles.size;
    for (const file of rerun.manifest.files) {
      const same = storedFiles.get(file.path) === file.sha256;
      identical &&= same;
      console.log(
        `  ${file.path}: ${same ? "identical" : storedFiles.has(file.path) ? "DIFFERENT" : "new file"}`,
      );
    }
    console.log(identical ? "verified: byte-identical outputs" : "NOT reproducible: outputs differ");
    return identical ? 0 : 1;
  } finally {
    await Deno.remove(scratch, { recursive: true });
  }
}

if (import.meta.main) await runComparisonMain("verify", main);
