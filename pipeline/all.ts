/**
 * all: fetch-mnist → train → export → evaluate in one run. Each stage reuses its artifact
 * when one exists for the same inputs and params ("up to date"); a changed flag or input
 * reruns that stage and, through the input ids, everything downstream.
 *
 *   deno task all [--profile default|smoke] [--force] [--artifacts DIR] [any stage's flags]
 *
 * Flags go to the stage that owns them (e.g. --epochs to train, --passes to evaluate;
 * evaluate's seed is --eval-seed here); --workers goes to every stage that has it. Every
 * stage's flags are checked before the first stage runs.
 * --profile smoke: 10,000 training and 1,000 test images, 3 epochs, 20 passes — well
 * under a minute. Records the run under artifacts/runs/.
 */
import { type FlagOptions, type FlagValues, parseFlags } from "../lib/cli/flags.ts";
import { type Command, commandMain } from "../lib/cli/main.ts";
import { COMMON_FLAGS, flagOwners, rootFromFlags, runRecorded, stageFlags } from "../lib/cli/stage_runner.ts";
import { PIPELINE } from "../lib/stages.ts";

/** Defaults of the quick-look profile; explicit flags win. */
const SMOKE_PROFILE: FlagValues = { "limit-train": "10000", "limit-test": "1000", epochs: "3", passes: "20" };

async function all(args: string[]): Promise<void> {
  const started = new Date();
  const owners = flagOwners(PIPELINE);
  const options: FlagOptions = { ...COMMON_FLAGS, profile: { type: "string" } };
  for (const stage of PIPELINE) Object.assign(options, stageFlags(stage));
  const parsed = parseFlags(args, options, "all");
  const profile = parsed.profile ?? "default";
  if (profile !== "default" && profile !== "smoke") {
    throw new RangeError(`--profile ${JSON.stringify(profile)}: expected default or smoke`);
  }
  const flags: FlagValues = profile === "smoke" ? { ...SMOKE_PROFILE, ...parsed } : parsed;
  // Params at the edge: every stage's flags are read and checked before anything runs.
  const plan = PIPELINE.map((stage) => {
    const own = Object.fromEntries(
      Object.entries(flags).filter(([name]) => owners.get(name)?.includes(stage)),
    );
    return { stage, params: stage.paramsFromFlags(own), options: stage.optionsFromFlags(own) };
  });
  if (profile === "smoke") {
    console.log(
      "profile smoke: 10000 train / 1000 test images, 3 epochs, 20 passes — a quick look, not the reproduction",
    );
  }
  await runRecorded("all", plan, rootFromFlags(flags), args, started, true);
}

/** `deno task all`. */
export const allCommand: Command = { name: "all", kind: "stage", run: all };

if (import.meta.main) await commandMain(allCommand);
