/**
 * The explorer's browser script: lib/tools/view/explorer/explorer_main.ts and what it imports
 * (lib/core/model's Sampling layer and reparameterisation, lib/core/render's colour maps, …) bundled
 * into one classic script by `deno bundle` (esbuild), with `@tensorflow/tfjs` mapped to the
 * page's global `tf` (browser_tf.cjs). Built once per process, on the first request, and kept
 * in memory; a build that fails is retried on the next request.
 */
import { fileURLToPath } from "node:url";

/** The bundle's entry module. */
export const EXPLORER_ENTRY = fileURLToPath(new URL("./explorer_main.ts", import.meta.url));

let built: Promise<Uint8Array<ArrayBuffer>> | undefined;

/** Runs `deno bundle` on the entry; the script's bytes, or an error with bundle's own message. */
async function bundle(): Promise<Uint8Array<ArrayBuffer>> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--no-config",
      "--no-lock",
      "--import-map",
      fileURLToPath(new URL("./bundle_imports.json", import.meta.url)),
      "--platform",
      "browser",
      "--format",
      "iife",
      EXPLORER_ENTRY,
    ],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  if (code !== 0 || stdout.length === 0) {
    const reason = new TextDecoder().decode(stderr).trim().split("\n").slice(-3).join(" ");
    throw new Error(`cannot bundle the explorer (${EXPLORER_ENTRY}): deno bundle exited ${code}: ${reason}`);
  }
  // A module that reaches Node's built-ins (the native engine, the store) cannot run in a page.
  const nodeImport = /__require\("([^"]+)"\)/.exec(new TextDecoder().decode(stdout));
  if (nodeImport) {
    throw new Error(
      `cannot bundle the explorer (${EXPLORER_ENTRY}): it imports ${
        nodeImport[1]
      }, which a browser cannot load`,
    );
  }
  return stdout;
}

/** The bundled explorer script, built on the first call and reused after. */
export function explorerBundle(): Promise<Uint8Array<ArrayBuffer>> {
  built ??= bundle().catch((error) => {
    built = undefined;
    throw error;
  });
  return built;
}
