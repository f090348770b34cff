/**
 * `--help` for every command: the entry file's own module doc comment, which says what the
 * command does, what it reads and what it writes, then every flag it accepts with its
 * default and range (lib/core/cli/flag_help.ts).
 */
import { type FlagGroup, flagGroupsText } from "./flag_help.ts";

/**
 * The first doc comment of the module at `url`, without its comment markers.
 *
 * @example
 * ```ts
 * import { moduleDoc } from "./usage.ts";
 * moduleDoc(import.meta.url).startsWith("`--help` for every command"); // true
 * ```
 */
export function moduleDoc(url: string): string {
  const source = Deno.readTextFileSync(new URL(url));
  const comment = /\/\*\*([\s\S]*?)\*\//.exec(source)?.[1] ?? "";
  return comment.split("\n").map((line) => line.replace(/^\s*\* ?/, "")).join("\n").trim();
}

/** Whether `args` ask for help (`--help` or `-h`). */
export function asksForHelp(args: string[]): boolean {
  return args.includes("--help") || args.includes("-h");
}

/**
 * The whole --help of a command: its entry file's doc comment `doc`, then its flags.
 *
 * @example
 * ```ts
 * import { usageText } from "./usage.ts";
 * usageText("runs: lists the runs.", [{ title: "runs", flags: [{ flag: "artifacts", value: "DIR", about: "root" }] }]);
 * // "runs: lists the runs.\n\nFlags:\n  runs:\n    --artifacts DIR  root"
 * ```
 */
export function usageText(doc: string, groups: FlagGroup[] = []): string {
  return groups.length === 0 ? doc : `${doc}\n\n${flagGroupsText(groups)}`;
}
