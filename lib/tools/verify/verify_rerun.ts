/**
 * verify's check: reruns one stage in a scratch root from the same inputs and params as a
 * stored artifact and compares the outputs file by file, saying what the engine promises
 * (wasm the same bytes everywhere, native only with the same OpenBLAS, CPU kernel and
 * threads). The scratch root goes whatever happens, Ctrl-C and kill included.
 */
import { join } from "node:path";
import { type AnyStage, engineOfParams, stageParamsFromRecord } from "../../core/cli/stage.ts";
import { MANIFEST_NAME } from "../../core/store/manifest.ts";
import { openInput } from "../../core/store/reference.ts";
import { enginePromise } from "../../core/engine/engine_promise.ts";

/**
 * Reruns `stage` for its stored artifact `from` (the latest of its kind when absent) under
 * `root`, prints each file's verdict, and returns 0 when every output is byte-identical, else 1.
 */
export async function verifyStored(stage: AnyStage, root: string, from: string | undefined): Promise<0 | 1> {
  const stored = await openInput(root, stage.schema, from);
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
