/**
 * `--help` for every command: the entry file's own module doc comment, which already says
 * what the command does, its flags with their defaults, what it reads and what it writes.
 */

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
