/**
 * The entry points of commands: `--help` prints the entry file's doc comment; any error
 * becomes one line `<command>: error: <message>` on stderr and a non-zero exit status.
 */
import { asksForHelp, moduleDoc } from "./usage.ts";

/** With `--help` or `-h` among the arguments, prints the entry file's doc comment and exits 0. */
function helpIfAsked(): void {
  if (!asksForHelp(Deno.args)) return;
  console.log(moduleDoc(Deno.mainModule));
  Deno.exit(0);
}

/**
 * Runs a stage's main function: any error becomes one line `<stage>: error: <message>` on
 * stderr and exit status 1 (2 for a bad flag). `--help` prints the usage instead.
 */
export async function runStageMain(stage: string, main: () => Promise<void>): Promise<void> {
  helpIfAsked();
  try {
    await main();
  } catch (e) {
    // One line: some library errors (tfjs) append whole tensors after the first line.
    const message = (e instanceof Error ? e.message : String(e)).split("\n")[0]!;
    console.error(`${stage}: error: ${message.replace(new RegExp(`^${stage}: `), "")}`);
    Deno.exit(e instanceof RangeError ? 2 : 1);
  }
}

/**
 * Runs a comparison command whose exit status carries its answer, as diff(1) does: `main`
 * returns 0 (same) or 1 (different); any error becomes one line `<name>: error: <message>`
 * and exit status 2. `--help` prints the usage instead.
 */
export async function runComparisonMain(name: string, main: () => Promise<number>): Promise<void> {
  helpIfAsked();
  let status: number;
  try {
    status = await main();
  } catch (e) {
    console.error(`${name}: error: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}`);
    status = 2;
  }
  Deno.exit(status);
}
