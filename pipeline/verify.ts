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
import { commandMain } from "../lib/core/cli/main.ts";
import { verifyCommand } from "../lib/tools/verify/verify_command.ts";

if (import.meta.main) await commandMain(verifyCommand);
