/**
 * Commands and their entry points: a {@link Command} runs with its arguments and returns its
 * exit status; any error becomes one line `<command>: error: <message>` and a non-zero
 * status; `--help` prints the entry file's doc comment. The same path runs in a process
 * (`commandMain`) and in tests (`executeCommand`).
 */
import { asksForHelp, moduleDoc, usageText } from "./usage.ts";
import type { FlagGroup } from "./flag_help.ts";

/** A command of the project: `deno task <name> [args]`. */
export interface Command {
  name: string;
  /**
   * "stage": success exits 0, an error 1 (2 for a bad flag). "comparison": the status is the
   * answer, as diff(1)'s: 0 same, 1 different; an error exits 2.
   */
  kind: "stage" | "comparison";
  /** Every flag it accepts, for --help, from the declarations its parser reads. */
  flags?: () => FlagGroup[];
  /** Runs with `args`; a comparison resolves to its status. */
  run(args: string[]): Promise<number | void>;
}

/**
 * The one-line form of error `e` of command `name`: only the first line of the message
 * (some library errors, tfjs', append whole tensors), without a repeated command prefix.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { errorLine } from "./main.ts";
 * assert.equal(errorLine("train", new RangeError("train: --epochs 0: out of range\nmore")), "train: error: --epochs 0: out of range");
 * ```
 */
export function errorLine(name: string, e: unknown): string {
  const message = (e instanceof Error ? e.message : String(e)).split("\n")[0]!;
  return `${name}: error: ${message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message}`;
}

/**
 * Runs `command` with `args` and returns its exit status; an error goes to `report` as one
 * line (and, whole, to `observe`, for tests that check what kind of error it was).
 */
export async function executeCommand(
  command: Command,
  args: string[],
  report: (line: string) => void = console.error,
  observe: (error: unknown) => void = () => {},
): Promise<number> {
  try {
    const status = await command.run(args);
    return typeof status === "number" ? status : 0;
  } catch (e) {
    observe(e);
    report(errorLine(command.name, e));
    return command.kind === "comparison" || e instanceof RangeError ? 2 : 1;
  }
}

/** The entry point of a command's process: `--help`, or the command with Deno.args, then exit. */
export async function commandMain(command: Command): Promise<void> {
  if (asksForHelp(Deno.args)) {
    console.log(usageText(moduleDoc(Deno.mainModule), command.flags?.()));
    Deno.exit(0);
  }
  Deno.exit(await executeCommand(command, Deno.args));
}
