/**
 * verify: reruns one stage in a scratch location from the same inputs and params as a
 * stored artifact, and reports whether the outputs are byte-identical — the check that the
 * pipeline really is deterministic — and what its engine promises: wasm the same bytes on
 * every machine, native only with the same OpenBLAS build, CPU kernel and threads.
 *
 *   deno task verify <fetch-mnist|train|export|evaluate> [--from ID|RUN|PATH] [--artifacts DIR]
 *
 * Exit status: 0 identical, 1 different, 2 error.
 */
import { join } from "node:path";
import { type Command, commandMain } from "../lib/core/cli/main.ts";
import { type FlagOptions, parseCommandLine, stringFlag } from "../lib/core/cli/flags.ts";
import { engineOfParams, stageParamsFromRecord } from "../lib/core/cli/stage_runner.ts";
import { PIPELINE, stageNamed } from "../lib/stages/pipeline_order.ts";
import { DEFAULT_ARTIFACTS_ROOT, MANIFEST_NAME } from "../lib/core/store/artifact_store.ts";
import { openInput } from "../lib/core/store/reference.ts";
import { enginePromise } from "../lib/core/engine/engine_promise.ts";
import { optionLines } from "../lib/core/cli/flag_help.ts";
import { FLAG_NOTES } from "../lib/core/cli/flag_notes.ts";

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
  const stored = await openInput(root, stage.schema, stringFlag(values, "from"));
  // The stored params, checked as the stage declares them: the rerun gets exactly these.
  const params = stageParamsFromRecord(stage, stored.manifest.params, join(stored.dir, MANIFEST_NAME));
  const scratch = await Deno.makeTempDir({ prefix: "vae-verify-" });
  // Interrupted (Ctrl-C, kill), the scratch root goes too: no exit path leaves it behind.
  const interrupted = () => {
    Deno.removeSync(scratch, { recursive: true });
    Deno.exit(130);
  };
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  for (const signal of signals) Deno.addSignalListener(signal, interrupted);
  try {
    console.log(`rerunning ${stage.name} for ${stored.manifest.kind} ${stored.manifest.id} in ${scratch}`);
    // The rerun writes into the scratch root and reads the stored inputs where they are.
    const rerun = await stage.run(params, {
      root: scratch,
      inputRoot: root,
      force: true,
      from: stored.manifest.inputs[0]?.id,
      options: stage.optionsFromFlags({}),
      engine: engineOfParams(params),
    });
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
    const promise = enginePromise(stored.manifest.env, rerun.manifest.env);
    console.log(promise.line);
    if (identical) console.log("verified: byte-identical outputs");
    else if (promise.covered) console.log("NOT reproducible: outputs differ");
    else {
      console.log(
        "outputs differ, and the native engine does not promise the same bytes across OpenBLAS builds, " +
          "kernels or threads (--engine wasm does)",
      );
    }
    return identical ? 0 : 1;
  } finally {
    for (const signal of signals) Deno.removeSignalListener(signal, interrupted);
    await Deno.remove(scratch, { recursive: true });
  }
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

if (import.meta.main) await commandMain(verifyCommand);
