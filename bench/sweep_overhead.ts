/**
 * What a sweep costs when nothing needs computing: a 15-cell sweep of small runs (5 training
 * seeds × 3 latent sizes, 300 images, 1 epoch) is run once, then again (every cell up to
 * date), and one up-to-date `deno task all` of one cell is timed as its own process. Prints
 * the rerun's wall time (the whole `deno task sweep` process, start-up and comparison
 * included) and its time per cell, beside the bare `all`.
 *
 *   deno task bench:sweep [--repeat 3]
 *
 * Works in a temporary artifact root, removed afterwards.
 */
import { asksForHelp, moduleDoc, usageText } from "../lib/core/cli/usage.ts";
import { optionLines } from "../lib/core/cli/flag_help.ts";
import type { FlagOptions } from "../lib/core/cli/flags.ts";
import { benchFlags, stringValue } from "./_command_line.ts";
import { PROJECT_ROOT } from "../lib/core/store/source_fingerprint.ts";

const GRID = [
  ...["--limit-train", "300", "--limit-test", "60", "--epochs", "1", "--hidden-dim", "32", "--passes", "3"],
  ...["--workers", "1", "--seed", "1..5", "--latent-dim", "2,4,8"],
];
const ONE_CELL = GRID.map((arg) => arg === "1..5" ? "1" : arg === "2,4,8" ? "2" : arg);

async function timed(task: string, args: string[]): Promise<number> {
  const started = performance.now();
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", `${PROJECT_ROOT}/pipeline/${task}.ts`, ...args],
    cwd: PROJECT_ROOT,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!output.success) throw new Error(`${task} failed: ${new TextDecoder().decode(output.stderr)}`);
  return (performance.now() - started) / 1000;
}

const OPTIONS = { repeat: { type: "string", default: "3" } } as const satisfies FlagOptions;

if (asksForHelp(Deno.args)) {
  console.log(usageText(moduleDoc(import.meta.url), [{
    title: "bench:sweep",
    flags: optionLines(OPTIONS, {
      repeat: { about: "reruns of the up-to-date sweep", value: "N" },
    }),
  }]));
  Deno.exit(0);
}

const values = benchFlags(OPTIONS, "bench:sweep");
const repeat = Number(stringValue(values, "repeat"));
const root = await Deno.makeTempDir({ prefix: "bench-sweep-" });
try {
  const first = await timed("sweep", ["--artifacts", root, ...GRID]);
  console.log(`first run of the 15-cell sweep (computes every cell): ${first.toFixed(1)} s`);
  for (let i = 1; i <= repeat; i++) {
    const rerun = await timed("sweep", ["--artifacts", root, ...GRID]);
    const bare = await timed("all", ["--artifacts", root, ...ONE_CELL]);
    console.log(
      `rerun ${i}: ${rerun.toFixed(2)} s for 15 up-to-date cells, ${(rerun / 15).toFixed(3)} s per cell ` +
        `(the sweep records an up-to-date cell without starting a process); ` +
        `one up-to-date 'deno task all' as its own process: ${bare.toFixed(3)} s`,
    );
  }
} finally {
  await Deno.remove(root, { recursive: true });
}
