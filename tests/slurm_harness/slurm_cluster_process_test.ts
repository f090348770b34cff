/**
 * The test Slurm cluster (tests/slurm_harness/slurm_cluster.ts) is a real one: it runs batch jobs and job
 * arrays to COMPLETED, scancel ends a job CANCELLED, a job past its time limit ends TIMEOUT,
 * the job completion log keeps every final state, and stop() leaves no process and no
 * directory behind. Prints its timings (cluster start, job latency, TIMEOUT cost).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  jobKey,
  jobStates,
  readJobCompletionLog,
  sbatch,
  slurm,
  SLURM_DOWN_NODE,
  SLURM_NODE,
  SLURM_WIDE_PARTITION,
  startSlurmCluster,
  waitForFinalStates,
  waitUntilRunning,
} from "./slurm_cluster.ts";

/** Seconds since `start` (a performance.now()), to one decimal. */
function seconds(start: number): string {
  return ((performance.now() - start) / 1000).toFixed(1);
}

/** Whether process `pid` has ended (gone, or a zombie nobody has reaped yet). */
async function processEnded(pid: number): Promise<boolean> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`).catch(() => null);
  return stat === null || stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
}

/** Reads the pid a job wrote to `file`, waiting for the job to have written it. */
async function readPid(file: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const text = await Deno.readTextFile(file).catch(() => "");
    if (text.endsWith("\n")) return Number(text.trim());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no pid in ${file}`);
}

/** sbatch arguments of a one-line job in partition `partition` on `nodes` nodes. */
function onNodes(partition: string, nodes: number): string[] {
  return ["--partition", partition, "--nodes", String(nodes), "--wrap", "true"];
}

// One test with steps, because its two TIMEOUT jobs run beside all the other steps:
// slurmctld looks for passed time limits every 30 s from its start, and --time counts whole
// minutes, so `--time=1` ends TIMEOUT about 90 s after a fresh cluster starts.
Deno.test("startSlurmCluster() runs jobs, arrays, scancel, TIMEOUT, MinJobAge and stop()", async (t) => {
  const work = await Deno.makeTempDir({ prefix: "vae-slurm-work-" });
  await using _work = { [Symbol.asyncDispose]: () => Deno.remove(work, { recursive: true }) };
  const startedAt = performance.now();
  // 4 CPUs: the two TIMEOUT jobs sleep on two while the steps run their jobs on the others.
  await using cluster = await startSlurmCluster({ cpus: 4 });
  console.log(`cluster start (node ${SLURM_NODE} idle): ${seconds(startedAt)} s`);

  const timeoutJob = await sbatch(cluster, ["--time=1", "--wrap", "sleep 300"], work);
  const cutJob = await sbatch(cluster, ["--time=1", "--wrap", "sleep 300"], work);
  await waitUntilRunning(cluster, timeoutJob);
  const timeoutRunningAt = performance.now();
  await waitUntilRunning(cluster, cutJob);
  const cutAt = performance.now();
  await slurm(cluster, "scontrol", ["update", `JobId=${cutJob}`, "TimeLimit=0"]);
  /** Each job's final state as the steps saw it, for the job completion log to match. */
  const seen = new Map<string, string>();

  await t.step("sbatch --wrap 'echo hi' completes and writes slurm-<id>.out in its --chdir", async () => {
    const start = performance.now();
    const id = await sbatch(cluster, ["--chdir", work, "--wrap", "echo hi"]);
    assert.deepEqual(await waitForFinalStates(cluster, [id], 60_000), new Map([[id, "COMPLETED"]]));
    seen.set(id, "COMPLETED");
    console.log(`echo job: submitted to COMPLETED in ${seconds(start)} s`);
    assert.equal(await Deno.readTextFile(join(work, `slurm-${id}.out`)), "hi\n");
    assert.match(await slurm(cluster, "scontrol", ["show", "job", id]), /JobState=COMPLETED/);
  });

  await t.step("--array=0-1%1 runs task 0, then task 1, each with its SLURM_ARRAY_TASK_ID", async () => {
    const start = performance.now();
    const array = await sbatch(cluster, ["--array=0-1%1", "--wrap", "echo $SLURM_ARRAY_TASK_ID"], work);
    const tasks = [`${array}_0`, `${array}_1`];
    const done = new Map(tasks.map((task) => [task, "COMPLETED"]));
    assert.deepEqual(await waitForFinalStates(cluster, tasks, 60_000), done);
    for (const task of tasks) seen.set(task, "COMPLETED");
    console.log(`2-task array (%1): submitted to both COMPLETED in ${seconds(start)} s`);
    for (const task of [0, 1]) {
      assert.equal(await Deno.readTextFile(join(work, `slurm-${array}_${task}.out`)), `${task}\n`);
    }
    // %1: one task at a time. The records have whole seconds: 1 starts no earlier than 0 ends.
    const log = await readJobCompletionLog(cluster.jobCompletionLog);
    const records = new Map(log.map((r) => [jobKey(r), r]));
    const first = records.get(`${array}_0`)?.EndTime ?? "";
    const second = records.get(`${array}_1`)?.StartTime ?? "";
    assert.ok(first !== "" && second >= first, `task 1 started at ${second}, task 0 ended at ${first}`);
  });

  await t.step("a job has our PATH and runs deno from Deno.execPath() in its --chdir", async () => {
    const script = `echo "$PATH"; "${Deno.execPath()}" eval 'console.log(Deno.version.deno, Deno.cwd())'`;
    const id = await sbatch(cluster, ["--chdir", work, "--output", "env-%j.out", "--wrap", script]);
    assert.equal((await waitForFinalStates(cluster, [id], 60_000)).get(id), "COMPLETED");
    seen.set(id, "COMPLETED");
    const [path, denoLine] = (await Deno.readTextFile(join(work, `env-${id}.out`))).split("\n");
    assert.equal(path, Deno.env.get("PATH"));
    assert.equal(denoLine, `${Deno.version.deno} ${await Deno.realPath(work)}`);
  });

  await t.step("scancel of a running sleep 60 ends it CANCELLED and ends its process", async () => {
    const id = await sbatch(cluster, ["--wrap", `echo $$ > pid-cancel; exec sleep 60`], work);
    await waitUntilRunning(cluster, id);
    const pid = await readPid(join(work, "pid-cancel"));
    const start = performance.now();
    await slurm(cluster, "scancel", [id]);
    assert.equal((await waitForFinalStates(cluster, [id], 60_000)).get(id), "CANCELLED");
    seen.set(id, "CANCELLED");
    console.log(`scancel to CANCELLED: ${seconds(start)} s`);
    assert.ok(await processEnded(pid), `sleep 60 (pid ${pid}) still runs`);
  });

  await t.step(
    "partition wide has two nodes; a job asking for both waits, one asking for one runs",
    async () => {
      const list = ["--noheader", "--partition", SLURM_WIDE_PARTITION, "--Node", "--format", "%N %T"];
      const nodes = new Map(
        (await slurm(cluster, "sinfo", list)).trim().split("\n").map((
          l,
        ) => [l.split(" ")[0], l.split(" ")[1]]),
      );
      assert.deepEqual([...nodes.keys()].sort(), [SLURM_NODE, SLURM_DOWN_NODE].sort());
      assert.equal(nodes.get(SLURM_DOWN_NODE), "down");
      const both = await sbatch(cluster, onNodes(SLURM_WIDE_PARTITION, 2), work);
      const one = await sbatch(cluster, onNodes(SLURM_WIDE_PARTITION, 1), work);
      assert.equal((await waitForFinalStates(cluster, [one], 60_000)).get(one), "COMPLETED");
      assert.equal((await jobStates(cluster)).get(both), "PENDING");
      await slurm(cluster, "scancel", [both]);
      assert.equal((await waitForFinalStates(cluster, [both], 60_000)).get(both), "CANCELLED");
      seen.set(one, "COMPLETED").set(both, "CANCELLED");
    },
  );

  await using second = await startSlurmCluster({ minJobAge: 2 });

  await t.step(
    "a finished job leaves squeue after MinJobAge but stays in the job completion log",
    async () => {
      const id = await sbatch(second, ["--wrap", "true"], work);
      assert.equal((await waitForFinalStates(second, [id], 60_000)).get(id), "COMPLETED");
      const start = performance.now();
      while ((await jobStates(second)).has(id)) {
        // Purged every max(10, MinJobAge) s: within about 12 s of the end.
        assert.ok(performance.now() - start < 30_000, `job ${id} still in squeue after 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      console.log(`MinJobAge=2: job gone from squeue ${seconds(start)} s after it was seen COMPLETED`);
      await assert.rejects(slurm(second, "scontrol", ["show", "job", id]), /Invalid job id/);
      const records = await readJobCompletionLog(second.jobCompletionLog);
      assert.deepEqual(records.map((r) => [jobKey(r), r.JobState]), [[id, "COMPLETED"]]);
    },
  );

  await t.step(
    "stop() ends the daemons and a running job's processes and removes the directory",
    async () => {
      const id = await sbatch(second, ["--wrap", `sleep 600 & echo $! > pid-stop; wait`], work);
      await waitUntilRunning(second, id);
      const pid = await readPid(join(work, "pid-stop"));
      const start = performance.now();
      await second.stop();
      console.log(`stop() with a running job: ${seconds(start)} s`);
      assert.ok(await processEnded(pid), `the job's sleep 600 (pid ${pid}) still runs`);
      await assert.rejects(Deno.stat(second.dir), Deno.errors.NotFound);
      const left = [];
      for await (const e of Deno.readDir("/proc")) {
        const environ = await Deno.readTextFile(`/proc/${e.name}/environ`).catch(() => "");
        if (environ.split("\0").includes(`SLURM_CONF=${second.env.SLURM_CONF}`)) left.push(e.name);
      }
      assert.deepEqual(left, []);
      await second.stop(); // a second stop() does nothing
    },
  );

  await t.step(
    "a running job whose limit scontrol cuts to 0 ends TIMEOUT at the next 30 s check",
    async () => {
      assert.equal((await waitForFinalStates(cluster, [cutJob], 60_000)).get(cutJob), "TIMEOUT");
      seen.set(cutJob, "TIMEOUT");
      const cost = (performance.now() - cutAt) / 1000;
      console.log(
        `TimeLimit=0: TIMEOUT ${cost.toFixed(1)} s after the cut, ${seconds(startedAt)} s after the start`,
      );
      assert.ok(cost <= 35, `TIMEOUT ${cost.toFixed(1)} s after the cut`);
    },
  );

  await t.step("a sleep 300 with --time=1 ends TIMEOUT, 60 to 90 s after it started", async () => {
    assert.equal((await waitForFinalStates(cluster, [timeoutJob], 150_000)).get(timeoutJob), "TIMEOUT");
    seen.set(timeoutJob, "TIMEOUT");
    const cost = (performance.now() - timeoutRunningAt) / 1000;
    console.log(
      `--time=1: TIMEOUT ${cost.toFixed(1)} s after it ran, ${seconds(startedAt)} s after the start`,
    );
    assert.ok(cost >= 59 && cost <= 100, `TIMEOUT after ${cost.toFixed(1)} s`);
  });

  await t.step(
    "the job completion log holds each final state, array tasks as ArrayJobId_ArrayTaskId",
    async () => {
      const records = await readJobCompletionLog(cluster.jobCompletionLog);
      const states = new Map(records.map((r) => [jobKey(r), r.JobState]));
      assert.equal(records.length, states.size, "one record per job");
      assert.deepEqual(states, seen);
    },
  );
});

Deno.test("startSlurmCluster() fails with slurmctld's own words on a bad config and leaves no directory", async () => {
  const error = await startSlurmCluster({ extraConfig: ["NoSuchSetting=1"] }).then(
    () => assert.fail("a cluster started with NoSuchSetting=1"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof Error);
  assert.match(error.message, /slurmctld exited with status 1/);
  assert.match(error.message, /unrecognized key: NoSuchSetting/);
  const dir = error.message.match(/(\/\S*vae-slurm-[^/\s]+)\//)?.[1];
  assert.ok(dir !== undefined, error.message);
  await assert.rejects(Deno.stat(dir), Deno.errors.NotFound);
});
