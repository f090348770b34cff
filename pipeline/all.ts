/**
 * all: fetch-mnist → train → export → evaluate in one run. Each stage reuses its artifact
 * when one exists for the same inputs and params ("up to date"); a changed flag or input
 * reruns that stage and, through the input ids, everything downstream.
 *
 *   deno task all [--profile default|smoke] [--force] [--artifacts DIR] [any stage's flags]
 *
 * Flags go to the stage that owns them (e.g. --epochs to train, --passes to evaluate;
 * evaluate's seed is --eval-seed here); --workers goes to every stage that has it.
 * --profile smoke: 10,000 training and 1,000 test images, 3 epochs, 20 passes — well
 * under a minute. Records the run under artifacts/runs/.
 */
import { type FlagOptions, type FlagValues, parseFlags, runStageMain } from "../lib/cli/flags.ts";
import { recordRun, type StageOutcome } from "../lib/store/run_record.ts";
import { COMMON_FLAGS, contextFromFlags, runTimed, type Stage } from "../lib/cli/stage_runner.ts";
import { evaluateStage } from "./evaluate.ts";
import { exportStage } from "./export.ts";
import { fetchMnistStage } from "./fetch_mnist.ts";
import { trainStage } from "./train.ts";

const STAGES: Stage[] = [fetchMnistStage, trainStage, exportStage, evaluateStage];

/** Defaults of the quick-look profile; explicit flags win. */
const SMOKE_PROFILE: FlagValues = { "limit-train": "10000", "limit-test": "1000", epochs: "3", passes: "20" };

/** Which stage owns each flag: the first that declares it (--seed is train's). */
const OWNER = new Map<string, Stage>();
for (const stage of STAGES) {
  for (const name of Object.keys(stage.flags)) if (!OWNER.has(name)) OWNER.set(name, stage);
}

/** Flags that say how rather than what, for every stage that declares them. */
const SHARED_FLAGS = new Set(["workers"]);

function stageFlags(stage: Stage, flags: FlagValues): FlagValues {
  return Object.fromEntries(
    Object.entries(flags).filter(([name]) =>
      OWNER.get(name) === stage || (SHARED_FLAGS.has(name) && name in stage.flags)
    ),
  );
}

async function main(): Promise<void> {
  const started = new Date();
  const options: FlagOptions = { ...COMMON_FLAGS, profile: { type: "string" } };
  for (const [name, stage] of OWNER) options[name] = stage.flags[name]!;
  const parsed = parseFlags(Deno.args, options, "all");
  const profile = parsed.profile ?? "default";
  if (profile !== "default" && profile !== "smoke") {
    throw new RangeError(`--profile ${JSON.stringify(profile)}: expected default or smoke`);
  }
  const flags: FlagValues = profile === "smoke" ? { ...SMOKE_PROFILE, ...parsed } : parsed;
  if (profile === "smoke") {
    console.log(
      "profile smoke: 10000 train / 1000 test images, 3 epochs, 20 passes — a quick look, not the reproduction",
    );
  }
  const context = contextFromFlags(flags);
  const outcomes: StageOutcome[] = [];
  for (const stage of STAGES) {
    console.log(`== ${stage.name}`);
    outcomes.push(await runTimed(stage, stageFlags(stage, flags), context));
  }
  const path = await recordRun(context.root, started, outcomes);
  console.log(
    `\n${
      outcomes.map((o) => `${o.stage}: ${o.kind} ${o.id} ${o.outcome} (${o.seconds.toFixed(1)} s)`).join("\n")
    }`,
  );
  console.log(`run recorded: ${path}`);
}

if (import.meta.main) await runStageMain("all", main);
