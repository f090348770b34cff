/**
 * A stage's declaration, which every stage shares: its params with their flags, the flags
 * that say how it runs (options), `run`, and the context it runs in; and the engine its
 * params name.
 */
import { type Engine, type EngineName, engineNamed, ENGINES } from "../engine/engine.ts";
import type { StageResult } from "../store/produce_artifact.ts";
import type { FlagOptions, FlagValues } from "./flags.ts";
import { paramsFromRecord, type ParamSpecs } from "./params.ts";

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
  /** What its command prints once it ran and was recorded (evaluate: the answer), from artifact `id` under `root`. */
  conclusion?(root: string, id: string): Promise<string[]>;
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

/** The engine `params` name in their `engine` param (train's and evaluate's --engine), else wasm. */
export function engineOfParams(params: object): Engine {
  const name = (params as { engine?: unknown }).engine;
  return engineNamed(ENGINES.includes(name as EngineName) ? name as EngineName : "wasm");
}
