/**
 * Running stages in order: each one timed into a {@link StageOutcome}, each after the first
 * reading what the one before it made, and the run recorded under the artifact root, also
 * when it fails or is interrupted.
 */
import { recordRun, type StageOutcome } from "../store/run_record.ts";
import { errorLine } from "./main.ts";
import { type AnyStage, engineOfParams, type Stage, type StageContext } from "./stage.ts";
import { withInterruptHandler } from "./interrupts.ts";

/** Runs `stage` with `params` and times it into a {@link StageOutcome}. */
export async function runTimed<P extends object, O>(
  stage: Stage<P, O>,
  params: P,
  context: Omit<StageContext<O>, "engine">,
): Promise<StageOutcome> {
  const started = performance.now();
  const result = await stage.run(params, { ...context, engine: engineOfParams(params) });
  // A training that went on from an interrupted run's checkpoint says so (and from where).
  const resumed = result.computed?.resumedAfterEpoch;
  return {
    stage: stage.name,
    kind: result.manifest.kind,
    id: result.manifest.id,
    outcome: result.outcome,
    reasons: result.reasons,
    params: result.manifest.params,
    inputs: result.manifest.inputs,
    seconds: (performance.now() - started) / 1000,
    ...(typeof resumed === "number" && Number.isInteger(resumed) && resumed > 0
      ? { resumedAfterEpoch: resumed }
      : {}),
  };
}

/** One stage of a run: the stage, its params and its options. */
export interface PlannedStage {
  stage: AnyStage;
  params: object;
  options: unknown;
}

/**
 * Runs `plan`'s stages in order, each after the first reading the artifact the one before it
 * made, and writes the run record, also when a stage fails: then the
 * record says "failed", holds the stages finished before it and the error line that command
 * `name` prints, and the error is thrown on. Interrupted by SIGINT or SIGTERM, it writes the
 * record with status "interrupted" and the stages finished before, prints one line, and exits
 * 130 or 143, as a process killed by that signal would. Returns the stages' outcomes.
 */
export async function runRecorded(
  name: string,
  plan: PlannedStage[],
  where: { root: string; force: boolean; from?: string },
  args: string[],
  started: Date,
  announce = false,
): Promise<StageOutcome[]> {
  const outcomes: StageOutcome[] = [];
  let running: string | undefined;
  const interrupted = async (signal: string) => {
    const finished = outcomes.map((o) => o.stage).join(", ") || "none";
    const line = `${name}: interrupted by ${signal}${running === undefined ? "" : ` during ${running}`}` +
      ` (stages finished: ${finished}); run the same command again to continue`;
    // Copied now: a stage that finishes while the record is written is not in it.
    const path = await recordRun(where.root, started, [...outcomes], args, line, "interrupted").catch(() =>
      undefined
    );
    if (Deno.stdout.isTerminal()) console.log(""); // off the live progress line
    console.error(path === undefined ? line : `${line} (run recorded: ${path})`);
  };
  try {
    await withInterruptHandler(interrupted, async () => {
      // Each stage after the first reads what the stage before it made, named by its id, never
      // the LATEST of its kind: another run on the same root may have moved LATEST meanwhile.
      let from = where.from;
      for (const { stage, params, options } of plan) {
        if (announce) console.log(`== ${stage.name}`);
        running = stage.name;
        outcomes.push(await runTimed(stage, params, { ...where, from, options }));
        running = undefined;
        from = outcomes.at(-1)!.id;
      }
    });
  } catch (e) {
    // The record of a failed run is written when it can be; the stage's error stays the one reported.
    await recordRun(where.root, started, outcomes, args, errorLine(name, e)).catch(() => {});
    throw e;
  }
  const path = await recordRun(where.root, started, outcomes, args);
  if (announce) {
    console.log(
      `\n${
        outcomes.map((o) => `${o.stage}: ${o.kind} ${o.id} ${o.outcome} (${o.seconds.toFixed(1)} s)`).join(
          "\n",
        )
      }`,
    );
  }
  console.log(`run recorded: ${path}`);
  return outcomes;
}
