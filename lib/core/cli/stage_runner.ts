/**
 * What every stage shares: its declaration ({@link Stage}: params with their flags, the
 * flags that say how it runs, `run`), the common flags (--artifacts, --force, --from),
 * timing one stage into a {@link StageOutcome}, which stage owns which flag under
 * `deno task all`, and the entry point of a stage run alone (flags → params, run, record).
 */
import { type Engine, type EngineName, engineNamed, ENGINES } from "../engine/engine.ts";
import { DEFAULT_ARTIFACTS_ROOT } from "../store/artifact_store.ts";
import type { StageResult } from "../store/produce_artifact.ts";
import { recordRun, type StageOutcome } from "../store/run_record.ts";
import { type FlagOptions, type FlagValues, parseFlags, stringFlag } from "./flags.ts";
import { type Command, errorLine } from "./main.ts";
import { paramFlags, paramsFromRecord, type ParamSpecs } from "./params.ts";
import { haltComputations } from "../runtime/event_loop_turn.ts";

/** Flags every stage takes. */
export const COMMON_FLAGS = {
  artifacts: { type: "string" },
  force: { type: "boolean" },
} as const satisfies FlagOptions;

/**
 * Flags that several stages may declare, with one meaning: under `deno task all` each of them
 * goes to every stage that declares it (--workers, an option, and --engine, a param, to train
 * and evaluate). Any other flag has one owner.
 */
export const SHARED_FLAGS: ReadonlySet<string> = new Set(["workers", "engine"]);

/** Where and how a stage works. */
export interface StageContext<O> {
  /** The artifact root, where the stage writes its artifact. */
  root: string;
  /** Where the stage reads its inputs, when not from `root` (verify reruns into a scratch root). */
  inputRoot?: string;
  /** Recompute even if an artifact with the same id exists. */
  force: boolean;
  /** Compute nothing: reuse what is up to date, throw NotUpToDate (lib/core/store/produce_artifact.ts) at the first that is not. */
  dryRun?: boolean;
  /** Which input artifact to read: an artifact id, run id or path; the latest of its kind when absent. */
  from?: string;
  /** How the stage runs (threads, where data comes from): not params, so not in the artifact id. */
  options: O;
  /** What it computes with: the engine its params name (wasm when they name none), not yet activated. */
  engine: Engine;
}

/** A stage: its params, its option flags and what it does. */
export interface Stage<P extends object, O> {
  /** The task name (`deno task <name>`). */
  name: string;
  /** The schema of the artifact it writes. */
  schema: string;
  /** Its params: each has a flag; all are recorded in the manifest and hashed into the id. */
  params: ParamSpecs<P>;
  /** Flags that say how, not what (not params). */
  options: FlagOptions;
  /** The params given by parsed flags: validated once, complete (defaults for those absent). */
  paramsFromFlags(flags: FlagValues): P;
  /** The options given by parsed flags (defaults for those absent). */
  optionsFromFlags(flags: FlagValues): O;
  /** Runs the stage with complete, validated params. */
  run(params: P, context: StageContext<O>): Promise<StageResult>;
}

/** Any stage, for lists of stages. */
// deno-lint-ignore no-explicit-any
export type AnyStage = Stage<any, any>;

/** The params of `stage` as a manifest records them (`where` names it), validated. */
export function stageParamsFromRecord<P extends object>(
  stage: Stage<P, unknown>,
  record: unknown,
  where: string,
): P {
  return paramsFromRecord(stage.params, record, where);
}

/** Every flag `stage` takes under `deno task all`: its params' flags and its options. */
export function stageFlags(stage: AnyStage): FlagOptions {
  return { ...paramFlags(stage.params), ...stage.options };
}

/**
 * Which stages take each flag under `deno task all`. Throws a RangeError when two stages
 * claim a flag that is not one of {@link SHARED_FLAGS}.
 */
export function flagOwners(stages: readonly AnyStage[]): Map<string, AnyStage[]> {
  const owners = new Map<string, AnyStage[]>();
  for (const stage of stages) {
    for (const flag of Object.keys(stageFlags(stage))) {
      const claimed = owners.get(flag) ?? [];
      if (claimed.length > 0 && !SHARED_FLAGS.has(flag)) {
        throw new RangeError(`--${flag} is claimed by both ${claimed[0]!.name} and ${stage.name}`);
      }
      owners.set(flag, [...claimed, stage]);
    }
  }
  return owners;
}

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

/** The engine `params` name in their `engine` param (train's and evaluate's --engine), else wasm. */
export function engineOfParams(params: object): Engine {
  const name = (params as { engine?: unknown }).engine;
  return engineNamed(ENGINES.includes(name as EngineName) ? name as EngineName : "wasm");
}

/** The exit status of a process ended by each signal a run is recorded through: 128 + its number. */
export const INTERRUPT_EXIT_STATUS = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * While `body` runs, SIGINT and SIGTERM (Ctrl-C, kill, a sweep or Slurm stopping the process)
 * are taken by `onInterrupt`, which is given the signal and ends the process; a second signal
 * while it runs ends the process at once.
 */
async function withInterruptHandler<T>(
  onInterrupt: (signal: keyof typeof INTERRUPT_EXIT_STATUS) => Promise<void>,
  body: () => Promise<T>,
): Promise<T> {
  let ending: Promise<void> | undefined;
  const listeners = (Object.keys(INTERRUPT_EXIT_STATUS) as (keyof typeof INTERRUPT_EXIT_STATUS)[]).map(
    (signal) => {
      const listener = () => {
        if (ending !== undefined) Deno.exit(INTERRUPT_EXIT_STATUS[signal]);
        // The computation stops at its next turn of the event loop, so the handler's I/O
        // runs at once (lib/core/runtime/event_loop_turn.ts).
        haltComputations();
        ending = onInterrupt(signal).finally(() => Deno.exit(INTERRUPT_EXIT_STATUS[signal]));
      };
      Deno.addSignalListener(signal, listener);
      return { signal, listener };
    },
  );
  try {
    return await body();
  } finally {
    // Interrupted, the body's own ending (a record saying "ok" or "failed") must not follow:
    // the process ends with the interrupted record.
    if (ending !== undefined) await ending;
    for (const { signal, listener } of listeners) Deno.removeSignalListener(signal, listener);
  }
}

/** The artifact root and --force of parsed common flags. */
export function rootFromFlags(flags: FlagValues): { root: string; force: boolean } {
  return { root: stringFlag(flags, "artifacts") ?? DEFAULT_ARTIFACTS_ROOT, force: flags.force === true };
}

/**
 * A stage run alone, `deno task <stage> [args]`: flags → params and options (all checked
 * before anything runs), the run, and its run record. Returns the artifact root and the
 * stage's outcome.
 */
export async function runStageWithArgs<P extends object, O>(
  stage: Stage<P, O>,
  args: string[],
): Promise<{ root: string; outcome: StageOutcome }> {
  const started = new Date();
  const flags = parseFlags(
    args,
    { ...paramFlags(stage.params, true), ...stage.options, ...COMMON_FLAGS, from: { type: "string" } },
    stage.name,
  );
  const params = stage.paramsFromFlags(flags);
  const context = {
    ...rootFromFlags(flags),
    from: stringFlag(flags, "from"),
    options: stage.optionsFromFlags(flags),
  };
  const [outcome] = await runRecorded(
    stage.name,
    [{ stage, params, options: context.options }],
    context,
    args,
    started,
  );
  return { root: context.root, outcome: outcome! };
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

/** The command of a stage run alone. */
export function stageCommand<P extends object, O>(stage: Stage<P, O>): Command {
  return {
    name: stage.name,
    kind: "stage",
    run: async (args) => {
      await runStageWithArgs(stage, args);
    },
  };
}
