/**
 * The Slurm commands a sweep uses (sbatch, squeue, scontrol, scancel, sinfo), run as child
 * processes, and what their output says: a job array's tasks and their states.
 */

/** A Slurm command's output, or why it could not run. */
export interface SlurmOutput {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Runs Slurm command `command` with `args`; a missing command is `ok: false`, not a throw. */
export async function slurm(command: string, args: string[]): Promise<SlurmOutput> {
  try {
    const output = await new Deno.Command(command, { args, stdout: "piped", stderr: "piped", stdin: "null" })
      .output();
    const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes).trim();
    // Slurm's errors can run over several lines: the first says what went wrong.
    return { ok: output.success, stdout: text(output.stdout), stderr: text(output.stderr).split("\n")[0]! };
  } catch (e) {
    return { ok: false, stdout: "", stderr: (e as Error).message.split("\n")[0]! };
  }
}

/** The states Slurm gives a job that is over. */
export const FINAL_STATES: ReadonlySet<string> = new Set([
  "COMPLETED",
  "FAILED",
  "CANCELLED",
  "TIMEOUT",
  "OUT_OF_MEMORY",
  "NODE_FAIL",
  "PREEMPTED",
  "BOOT_FAIL",
  "DEADLINE",
]);

/**
 * Array task states from `squeue -h -t all -o "%i|%T"` lines of job `jobId`: "123_4|RUNNING"
 * gives task 4; a pending range "123_[2-5%1]|PENDING" or "123_[1,3]|PENDING" gives each task.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { arrayTaskStates } from "./slurm_client.ts";
 * const states = arrayTaskStates("7_0|COMPLETED\n7_[1-2%1]|PENDING", "7");
 * assert.deepEqual([...states], [[0, "COMPLETED"], [1, "PENDING"], [2, "PENDING"]]);
 * ```
 */
export function arrayTaskStates(squeue: string, jobId: string): Map<number, string> {
  const states = new Map<number, string>();
  for (const line of squeue.split("\n")) {
    const [id, state] = line.trim().split("|");
    if (!id || !state || !id.startsWith(`${jobId}_`)) continue;
    const tasks = id.slice(jobId.length + 1);
    const range = /^\[(.*)\]$/.exec(tasks);
    if (range === null) {
      if (/^\d+$/.test(tasks)) states.set(Number(tasks), state.split(" ")[0]!);
      continue;
    }
    for (const part of range[1]!.replace(/%\d+$/, "").split(",")) {
      const [first, last] = part.split("-").map(Number);
      for (let task = first!; task <= (last ?? first!); task++) states.set(task, state.split(" ")[0]!);
    }
  }
  return states;
}

/** The state of array task `jobId`_`task` from `scontrol -o show job` (undefined once Slurm forgot it). */
export async function taskStateFromScontrol(jobId: string, task: number): Promise<string | undefined> {
  const output = await slurm("scontrol", ["-o", "show", "job", `${jobId}_${task}`]);
  return output.ok ? /JobState=(\S+)/.exec(output.stdout)?.[1] : undefined;
}
