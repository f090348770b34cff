/**
 * What the runs table shows of a run beyond its record's fields: the task it ran (a record
 * holds the arguments, not the task's name) and its params as columns, only those whose
 * values differ between the runs shown (DVC's --only-changed).
 */
import type { RunRecord } from "../../core/store/run_record.ts";

/**
 * The task a run ran, from its record: the task named by a failed run's error line
 * ("<task>: error: …"), `all` for several stages, the one stage's name for one, undefined
 * when the record does not say.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runTask } from "./run_columns.ts";
 * const stage = (name: string) => ({ stage: name, kind: "", id: "", outcome: "new" as const, reasons: [], params: {}, inputs: [], seconds: 0 });
 * const run = { id: "", command: [], started: "", finished: "", host: {} };
 * assert.equal(runTask({ ...run, stages: [stage("fetch-mnist"), stage("train")] }), "all");
 * assert.equal(runTask({ ...run, stages: [stage("evaluate")] }), "evaluate");
 * assert.equal(runTask({ ...run, stages: [], status: "failed", error: "train: error: --epochs 0: …" }), "train");
 * assert.equal(runTask({ ...run, stages: [] }), undefined);
 * ```
 */
export function runTask(run: RunRecord): string | undefined {
  const named = run.error === undefined ? undefined : /^([a-z][a-z-]*): /.exec(run.error)?.[1];
  if (named !== undefined) return named;
  if (run.stages.length > 1) return "all";
  return run.stages[0]?.stage;
}

/** The command that made a run, as typed: `deno task <task> <arguments>` (the arguments alone when the task is unknown). */
export function runCommand(run: RunRecord): string {
  const task = runTask(run);
  return [...(task === undefined ? [] : ["deno", "task", task]), ...run.command].join(" ") || "(defaults)";
}

/** One param column: its header and each run's value (undefined where a run has none). */
export interface ParamColumn {
  header: string;
  values: (string | undefined)[];
}

/**
 * The params that differ between `runs`, one column each, in the order the stages first
 * name them. A param is named as its flag is ("latent-dim") unless two stages both have one
 * of that name, then by stage and flag ("train seed").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { varyingParams } from "./run_columns.ts";
 * const run = (latentDim: number, seed: number) => ({ id: "", command: [], started: "", finished: "", host: {}, stages: [
 *   { stage: "train", kind: "model", id: "", outcome: "new" as const, reasons: [], inputs: [], seconds: 0, params: { epochs: 1, latentDim, seed } },
 *   { stage: "evaluate", kind: "evaluate", id: "", outcome: "new" as const, reasons: [], inputs: [], seconds: 0, params: { seed: 1 } },
 * ] });
 * const columns = varyingParams([run(2, 1), run(4, 2)]);
 * assert.deepEqual(columns.map((c) => c.header), ["latent-dim", "train seed"]);
 * assert.deepEqual(columns[0]!.values, ["2", "4"]);
 * ```
 */
export function varyingParams(runs: RunRecord[]): ParamColumn[] {
  const keys: { stage: string; name: string }[] = [];
  const seen = new Set<string>();
  for (const run of runs) {
    for (const stage of run.stages) {
      for (const name of Object.keys(stage.params)) {
        const key = `${stage.stage}\0${name}`;
        if (!seen.has(key)) keys.push({ stage: stage.stage, name });
        seen.add(key);
      }
    }
  }
  const text = (value: unknown) =>
    value === undefined ? undefined : typeof value === "string" ? value : JSON.stringify(value);
  const columns = keys.map(({ stage, name }) => ({
    stage,
    name,
    values: runs.map((run) => text(run.stages.find((s) => s.stage === stage)?.params[name])),
  }));
  const varying = columns.filter((c) => new Set(c.values).size > 1);
  const shared = (name: string) => columns.filter((c) => c.name === name).length > 1;
  // Named as the flags are: latentDim is --latent-dim.
  const flag = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return varying.map((c) => ({
    header: shared(c.name) ? `${c.stage} ${flag(c.name)}` : flag(c.name),
    values: c.values,
  }));
}
