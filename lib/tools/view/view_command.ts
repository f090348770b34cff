/**
 * `deno task view`: reads --artifacts, --port and --host, starts the viewer on them, and serves
 * until SIGINT or SIGTERM.
 */
import { type FlagOptions, numberFlag, parseFlags, stringFlag } from "../../core/cli/flags.ts";
import { optionLines } from "../../core/cli/flag_help.ts";
import { FLAG_NOTES } from "../../core/cli/flag_notes.ts";
import type { Command } from "../../core/cli/main.ts";
import { DEFAULT_ARTIFACTS_ROOT } from "../../core/store/artifact_read.ts";
import { startViewer } from "./view_server.ts";

const OPTIONS = {
  artifacts: { type: "string" },
  port: { type: "string" },
  host: { type: "string" },
} as const satisfies FlagOptions;

async function view(args: string[]): Promise<void> {
  const flags = parseFlags(args, OPTIONS, "view");
  const root = stringFlag(flags, "artifacts") ?? DEFAULT_ARTIFACTS_ROOT;
  const port = numberFlag(flags, "port", { default: 8000, min: 0, max: 65535, integer: true });
  const hostname = stringFlag(flags, "host") ?? "127.0.0.1";
  const info = await Deno.stat(root).catch(() => undefined);
  if (!info?.isDirectory) {
    throw new Error(
      `--artifacts ${root}: no such directory; run 'deno task all' first or pass --artifacts DIR`,
    );
  }
  let viewer;
  try {
    viewer = startViewer({ root, hostname, port });
  } catch (e) {
    throw new Error(
      `--host ${hostname} --port ${port}: cannot listen: ${(e as Error).message.split("\n")[0]}`,
    );
  }
  console.log(`viewing ${root} at ${viewer.url} (Ctrl-C stops)`);
  if (!["127.0.0.1", "::1", "localhost"].includes(hostname)) {
    console.log(
      `--host ${hostname}: every machine that can reach port ${viewer.server.addr.port} can read the artifacts`,
    );
  }
  const stop = () => viewer.server.shutdown();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  await viewer.server.finished;
  Deno.removeSignalListener("SIGINT", stop);
  Deno.removeSignalListener("SIGTERM", stop);
}

/** `deno task view`. */
export const viewCommand: Command = {
  name: "view",
  kind: "stage",
  flags: () => [{ title: "view", flags: optionLines(OPTIONS, FLAG_NOTES) }],
  run: view,
};
