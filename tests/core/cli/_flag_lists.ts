/** Flag lists for tests: one flag's value changed in a list, since a command refuses a flag given twice. */

/**
 * `args` with the value after `--<flag>` replaced by `value`; throws when `args` has no such
 * flag (then append it instead).
 */
export function withFlag(args: readonly string[], flag: string, value: string): string[] {
  const at = args.indexOf(`--${flag}`);
  if (at < 0 || at + 1 >= args.length) {
    throw new Error(`withFlag: no --${flag} with a value in ${args.join(" ")}`);
  }
  return args.map((arg, i) => i === at + 1 ? value : arg);
}
