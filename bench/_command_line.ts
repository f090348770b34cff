/**
 * A bench task's flags, parsed as the pipeline tasks parse theirs (lib/core/cli/flags.ts): an unknown
 * flag, a missing value or a flag given twice ends the task with one line and exit status 2,
 * before any work.
 */
import { errorLine } from "../lib/core/cli/main.ts";
import { type FlagOptions, type FlagValues, parseCommandLine } from "../lib/core/cli/flags.ts";

/**
 * The values of `Deno.args` against `options` for bench task `command` (its `deno task` name);
 * on a bad command line, prints `<command>: error: …` and exits 2.
 *
 * @example
 * ```ts ignore
 * const values = benchFlags({ repeat: { type: "string", default: "3" } }, "bench:sweep");
 * ```
 */
export function benchFlags(options: FlagOptions, command: string, args: string[] = Deno.args): FlagValues {
  try {
    return parseCommandLine(args, options, command).values;
  } catch (e) {
    console.error(errorLine(command, e));
    Deno.exit(2);
  }
}

/** The string value of flag `name` in `values` (a flag declared `type: "string"` with a default). */
export function stringValue(values: FlagValues, name: string): string {
  return String(values[name]);
}
