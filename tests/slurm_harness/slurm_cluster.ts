/**
 * A real, single-node Slurm cluster for tests: `munged`, `slurmctld` and `slurmd` started as
 * child processes of the test with their own munge key and socket, a generated slurm.conf,
 * free ports, state, spool and logs, all in one temporary directory; `stop()` cancels the
 * jobs, ends the daemons and any job process they left, and removes the directory.
 *
 * Needs Debian's `slurmctld slurmd slurm-client munge` (22.05.8 and 0.5.15 on Debian 12;
 * tests/setup/system_packages.ts installs them) and root: slurmd runs jobs as the user who
 * submitted them and SlurmUser is root, so that no file here has to belong to `slurm`. No
 * systemd and no Slurm database are needed. When a daemon cannot start, startSlurmCluster()
 * throws one Error with the reason (the daemon's last log lines), so that a test fails
 * rather than skips.
 *
 * What a caller needs to know:
 * - Pass `cluster.env` to every `sbatch`, `squeue`, `scancel`, `scontrol`, `sinfo`: it holds
 *   SLURM_CONF, the only way the clients find this cluster (the munge socket is named in the
 *   config). Deno.Command merges it with our environment.
 * - sbatch's default `--export=ALL` hands the job our whole environment (PATH, HOME,
 *   DENO_DIR, SLURM_CONF); `--chdir` (default: sbatch's cwd) is where the job runs and where
 *   relative `--output` paths and the default `slurm-%j.out` (`slurm-%A_%a.out` for an array
 *   task) go; the output's folder must exist before the job starts (else the job ends FAILED,
 *   reason JobLaunchFailure). A job runs deno as `Deno.execPath()` (or as `deno` on our PATH).
 * - An array task `A_T` has its own job id: the last task keeps A, the others get new ids.
 *   Name tasks by (ArrayJobId, ArrayTaskId), as jobStates() and jobKey() do.
 * - A finished job stays in `squeue -t all` and `scontrol show job` for `minJobAge` seconds
 *   (and up to one purge interval more); its final state stays in the job completion log
 *   (`jobCompletionLog`, readJobCompletionLog()) for good. `sacct` answers that accounting
 *   is disabled.
 * - slurmctld checks time limits 30, 60, 90… seconds after it started (PERIODIC_TIMEOUT,
 *   compiled in) and `--time` counts whole minutes, so a job with `--time=1` ends TIMEOUT
 *   60–90 s after it started, about 90 s after a fresh cluster did: run such a test beside
 *   other work, not after it. `scontrol update JobId=<id> TimeLimit=0` on a running job makes
 *   it TIMEOUT at the next check instead (about 30 s after a fresh start).
 *
 *   await using cluster = await startSlurmCluster();
 *   await slurm(cluster, "sbatch", ["--parsable", "--wrap", "echo hi"], { cwd: dir });
 */
import { join } from "node:path";

/** Prefix of every cluster's temporary directory. */
const DIR_PREFIX = "vae-slurm-";
/** In the daemons' environment: `<pid of the test process>:<cluster dir>`. */
const OWNER_VARIABLE = "VAE_SLURM_CLUSTER_OWNER";

/** The node that runs jobs. */
export const SLURM_NODE = "vaenode";
/** A second node of partition `wide` that never comes up (DOWN from the start). */
export const SLURM_DOWN_NODE = "vaenode-down";
/** The default partition: SLURM_NODE only. */
export const SLURM_PARTITION = "debug";
/** A partition of two nodes, SLURM_NODE and SLURM_DOWN_NODE. */
export const SLURM_WIDE_PARTITION = "wide";

/** Job states after which a job does nothing more (those a test waits for). */
export const FINAL_JOB_STATES: ReadonlySet<string> = new Set([
  "BOOT_FAIL",
  "CANCELLED",
  "COMPLETED",
  "DEADLINE",
  "FAILED",
  "NODE_FAIL",
  "OUT_OF_MEMORY",
  "PREEMPTED",
  "TIMEOUT",
]);

export interface SlurmClusterOptions {
  /** CPUs the node offers, whatever the machine has (SlurmdParameters=config_overrides); default 2. */
  cpus?: number;
  /** Seconds a finished job stays in squeue/scontrol (MinJobAge); default 120. */
  minJobAge?: number;
  /** Seconds between SIGTERM and SIGKILL when a job is cancelled or times out (KillWait); default 2. */
  killWait?: number;
  /** Extra slurm.conf lines, appended last (a later line overrides an earlier one). */
  extraConfig?: string[];
  /** How long to wait for the node to be idle, in milliseconds; default 30,000. */
  startTimeoutMs?: number;
}

export interface SlurmCluster {
  /** The temporary directory with the config, key, socket, state, spool and logs. */
  dir: string;
  /** Environment for the Slurm clients (and so for the jobs they submit): SLURM_CONF. */
  env: Record<string, string>;
  /** jobcomp/filetxt's file: one line per finished job; see readJobCompletionLog(). */
  jobCompletionLog: string;
  /** The generated slurm.conf. */
  configPath: string;
  /** slurmctld's and slurmd's log files (their last lines are in every start error). */
  logs: { slurmctld: string; slurmd: string; munged: string };
  /** Cancels every job, ends the daemons and any process they left, removes `dir`. Idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** A daemon we started: its process, where its stderr goes, its status once it has exited. */
interface Daemon {
  name: string;
  child: Deno.ChildProcess;
  /** The log files whose last lines explain a failure. */
  logs: string[];
  /** Resolves when stderr has been copied to its file (the process has exited). */
  copied: Promise<void>;
  exited: Deno.CommandStatus | null;
}

/**
 * Starts a one-node Slurm cluster in a new temporary directory and resolves once node
 * SLURM_NODE is idle (about a second here); throws, after cleaning up, when a daemon exits
 * or the node is not idle within `startTimeoutMs`.
 */
export async function startSlurmCluster(options: SlurmClusterOptions = {}): Promise<SlurmCluster> {
  const cpus = options.cpus ?? 2;
  const minJobAge = options.minJobAge ?? 120;
  const killWait = options.killWait ?? 2;
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;

  await endOrphanedClusters();
  const dir = await Deno.makeTempDir({ prefix: DIR_PREFIX });
  // munged refuses a socket whose folder is not searchable by all ("Socket is inaccessible:
  // execute permissions for all required"); makeTempDir makes it 0700.
  await Deno.chmod(dir, 0o755);
  const path = (name: string) => join(dir, name);
  const configPath = path("slurm.conf");
  const env = { SLURM_CONF: configPath };
  // The daemons' own environment also names their owner, so that the next cluster can end
  // those of a test process that died without stop() (killed, or timed out).
  const daemonEnv = { ...env, [OWNER_VARIABLE]: `${Deno.pid}:${dir}` };
  const logs = { slurmctld: path("slurmctld.log"), slurmd: path("slurmd.log"), munged: path("munged.log") };
  const daemons: Daemon[] = [];
  let stopped: Promise<void> | undefined;
  const stop = () => stopped ??= stopCluster(dir, env, daemons, killWait);

  try {
    // munge: 1024 random bits, readable by the owner only (munged refuses a key others can read).
    await Deno.writeFile(path("munge.key"), crypto.getRandomValues(new Uint8Array(128)), { mode: 0o600 });
    const socket = path("munge.socket");
    daemons.push(
      await spawnDaemon(
        "munged",
        [
          "--foreground",
          `--key-file=${path("munge.key")}`,
          `--socket=${socket}`,
          `--pid-file=${path("munged.pid")}`,
          `--seed-file=${path("munged.seed")}`,
        ],
        daemonEnv,
        logs.munged,
        [],
      ),
    );
    await waitFor(() => exists(socket), 5_000, daemons, () => `munged made no socket ${socket}`);

    const [controllerPort, nodePort, downNodePort] = freePorts();
    await Deno.mkdir(path("state"));
    await Deno.mkdir(path("spool"));
    await Deno.writeTextFile(
      configPath,
      slurmConfig({
        dir,
        socket,
        controllerPort,
        nodePort,
        downNodePort,
        cpus,
        minJobAge,
        killWait,
        logs,
        extra: options.extraConfig ?? [],
      }),
    );
    // -D: stay in the foreground, our child; -i: ignore unreadable state files (there are none yet).
    daemons.push(
      await spawnDaemon("slurmctld", ["-D", "-i"], daemonEnv, path("slurmctld.stderr"), [logs.slurmctld]),
    );
    daemons.push(
      await spawnDaemon("slurmd", ["-D", "-N", SLURM_NODE], daemonEnv, path("slurmd.stderr"), [logs.slurmd]),
    );

    let state = "";
    await waitFor(
      async () => {
        const result = await slurmOutput(env, "sinfo", [
          "--noheader",
          "--node",
          SLURM_NODE,
          "--format",
          "%T",
        ]);
        state = result.ok ? result.stdout.trim() : result.stderr.trim();
        return state === "idle";
      },
      startTimeoutMs,
      daemons,
      () => `node ${SLURM_NODE} is not idle (sinfo: ${state || "nothing"})`,
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    dir,
    env,
    jobCompletionLog: path("jobcomp.log"),
    configPath,
    logs,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

interface ConfigValues {
  dir: string;
  socket: string;
  controllerPort: number;
  nodePort: number;
  downNodePort: number;
  cpus: number;
  minJobAge: number;
  killWait: number;
  logs: { slurmctld: string; slurmd: string };
  extra: string[];
}

/** The slurm.conf of a cluster: every setting that is not Slurm's default says why. */
function slurmConfig(c: ConfigValues): string {
  const memoryMb = 512;
  return [
    "ClusterName=vaetest",
    // slurmctld starts only where its hostname is the one named here; the address in
    // brackets spares a DNS lookup. Free ports per run, so clusters of parallel tests coexist.
    `SlurmctldHost=${Deno.hostname()}(127.0.0.1)`,
    `SlurmctldPort=${c.controllerPort}`,
    `SlurmdPort=${c.nodePort}`,
    // Root runs the daemons, so nothing in the temporary directory must belong to `slurm`.
    "SlurmUser=root",
    "SlurmdUser=root",
    // Our own munged: both the authentication and the job credentials use its socket.
    "AuthType=auth/munge",
    "CredType=cred/munge",
    `AuthInfo=socket=${c.socket}`,
    `StateSaveLocation=${join(c.dir, "state")}`,
    `SlurmdSpoolDir=${join(c.dir, "spool", "%n")}`,
    `SlurmctldPidFile=${join(c.dir, "slurmctld.pid")}`,
    `SlurmdPidFile=${join(c.dir, "slurmd.pid")}`,
    `SlurmctldLogFile=${c.logs.slurmctld}`,
    `SlurmdLogFile=${c.logs.slurmd}`,
    // Without systemd there is no cgroup tree for Slurm to own: track a job's processes by
    // parentage, bind no tasks to CPUs, gather no per-job usage.
    "ProctrackType=proctrack/linuxproc",
    "TaskPlugin=task/none",
    "JobAcctGatherType=jobacct_gather/none",
    // No slurmdbd: final states come from the job completion log instead of sacct.
    "AccountingStorageType=accounting_storage/none",
    "JobCompType=jobcomp/filetxt",
    `JobCompLoc=${join(c.dir, "jobcomp.log")}`,
    "MpiDefault=none",
    // Debian's default, /usr/bin/mail, is not installed (slurmctld logs an error without this).
    "MailProg=/bin/true",
    "SwitchType=switch/none",
    // Several one-CPU jobs share the node (the default, select/linear, gives each a whole node).
    "SelectType=select/cons_tres",
    "SelectTypeParameters=CR_Core",
    // Backfill (Slurm's default) lets a job start while one that cannot (say, two nodes of
    // `wide`) waits ahead of it; bf_interval=1 runs that pass every second instead of 30.
    "SchedulerType=sched/backfill",
    "SchedulerParameters=bf_interval=1",
    // How long a finished job stays in squeue/scontrol: long enough to poll for its final
    // state, short enough that a test can see it go (purged every max(10, MinJobAge) s below 60).
    `MinJobAge=${c.minJobAge}`,
    // A job ends TIMEOUT as soon as its limit is found passed (at most 30 s late, the fixed
    // PERIODIC_TIMEOUT), with no grace minutes; and its processes get SIGKILL KillWait
    // seconds after SIGTERM (default 30).
    "OverTimeLimit=0",
    `KillWait=${c.killWait}`,
    // srun/salloc whose client vanished are not killed for it (0 = never, the default, said so).
    "InactiveLimit=0",
    // A node that was down (a slurmd restarted) comes back by registering, not by an admin.
    "ReturnToService=2",
    // The node config wins over what slurmd detects: the same CPUs and memory on any machine,
    // never DRAINED for "Low socket*core*thread count" or "Low RealMemory".
    "SlurmdParameters=config_overrides",
    `NodeName=${SLURM_NODE} NodeAddr=127.0.0.1 CPUs=${c.cpus} RealMemory=${memoryMb} State=UNKNOWN`,
    // Never started; its own port so that nothing answers for it (our slurmd would, on ours).
    `NodeName=${SLURM_DOWN_NODE} NodeAddr=127.0.0.1 Port=${c.downNodePort} CPUs=${c.cpus} ` +
    `RealMemory=${memoryMb} State=DOWN Reason="never started (test cluster)"`,
    `PartitionName=${SLURM_PARTITION} Nodes=${SLURM_NODE} Default=YES MaxTime=INFINITE State=UP`,
    `PartitionName=${SLURM_WIDE_PARTITION} Nodes=${SLURM_NODE},${SLURM_DOWN_NODE} MaxTime=INFINITE State=UP`,
    ...c.extra,
    "",
  ].join("\n");
}

/** Three distinct ports that were free a moment ago (held open together, then closed). */
function freePorts(): [number, number, number] {
  const listen = () => Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const listeners = [listen(), listen(), listen()] as const;
  const port = (i: 0 | 1 | 2) => (listeners[i].addr as Deno.NetAddr).port;
  const ports: [number, number, number] = [port(0), port(1), port(2)];
  for (const l of listeners) l.close();
  return ports;
}

async function spawnDaemon(
  name: string,
  args: string[],
  env: Record<string, string>,
  stderrFile: string,
  logs: string[],
): Promise<Daemon> {
  let child: Deno.ChildProcess;
  try {
    // By full path: /usr/sbin is not on every PATH (a non-root user's, for one).
    const program = `/usr/sbin/${name}`;
    child = new Deno.Command(program, { args, env, stdin: "null", stdout: "null", stderr: "piped" }).spawn();
  } catch (e) {
    throw new Error(
      `startSlurmCluster: cannot run ${name} (${e instanceof Error ? e.message : e}); ` +
        "install it with: deno run --allow-all tests/setup/system_packages.ts",
    );
  }
  const file = await Deno.open(stderrFile, { write: true, create: true, truncate: true });
  const daemon: Daemon = {
    name,
    child,
    logs: [...logs, stderrFile],
    copied: child.stderr.pipeTo(file.writable).catch(() => {}),
    exited: null,
  };
  child.status.then((status) => daemon.exited = status);
  return daemon;
}

/**
 * Polls `ready` every 100 ms until it is true; throws when a daemon has exited or after
 * `timeoutMs`, with `what()` and the last lines of the daemons' logs.
 */
async function waitFor(
  ready: () => boolean | Promise<boolean>,
  timeoutMs: number,
  daemons: Daemon[],
  what: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    if (await ready()) return;
    const dead = daemons.find((d) => d.exited !== null);
    if (dead !== undefined) {
      await dead.copied;
      throw new Error(
        `startSlurmCluster: ${dead.name} exited with status ${dead.exited?.code} while starting; ` +
          (await lastLogLines(dead.logs)),
      );
    }
    if (Date.now() > deadline) {
      throw new Error(
        `startSlurmCluster: ${what()} after ${timeoutMs / 1000} s; ` +
          (await lastLogLines(daemons.flatMap((d) => d.logs))),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The last lines of each log that has any. */
async function lastLogLines(files: string[], lines = 15): Promise<string> {
  const parts = [];
  for (const file of files) {
    const text = await Deno.readTextFile(file).catch(() => "");
    const tail = text.trimEnd().split("\n").slice(-lines).join("\n");
    if (tail !== "") parts.push(`last lines of ${file}:\n${tail}`);
  }
  return parts.length > 0 ? parts.join("\n") : `no log in ${files.join(", ")}`;
}

function exists(file: string): Promise<boolean> {
  return Deno.stat(file).then(() => true, () => false);
}

async function stopCluster(
  dir: string,
  env: Record<string, string>,
  daemons: Daemon[],
  killWait: number,
): Promise<void> {
  const controller = daemons.find((d) => d.name === "slurmctld");
  if (controller !== undefined && controller.exited === null) {
    // Cancelled jobs are ended by their slurmstepd (SIGTERM, then SIGKILL after KillWait).
    await slurmOutput(env, "scancel", ["--user", String(Deno.uid() ?? 0)]);
    const deadline = Date.now() + (killWait + 5) * 1000;
    while (Date.now() < deadline) {
      const jobs = await slurmOutput(env, "squeue", ["--noheader", "--format", "%T"]);
      if (!jobs.ok || jobs.stdout.trim() === "") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  // The controller first (it would retry a slurmd that is gone), munged last (both use it).
  for (
    const daemon of ["slurmctld", "slurmd", "munged"].flatMap((n) => daemons.filter((d) => d.name === n))
  ) {
    await endProcess(daemon);
  }
  // What is left: slurmstepd and job processes whose jobs outlived the scancel above. Each
  // inherited SLURM_CONF from a daemon or from sbatch's environment, which names this cluster.
  await killProcessesWithEnv(`SLURM_CONF=${env.SLURM_CONF}`);
  await Deno.remove(dir, { recursive: true }).catch(async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  });
}

/**
 * SIGTERM, then SIGKILL after 1 s; waits for the exit and the end of its stderr. The state a
 * daemon saves on SIGTERM is removed anyway, and slurmctld's shutdown waits 3 s for an agent
 * thread that is retrying a node that is down ("Dropped 1 hung communications to shutdown":
 * it tries SLURM_DOWN_NODE at start and every 100 s, three connects a second apart).
 */
async function endProcess(daemon: Daemon): Promise<void> {
  if (daemon.exited === null) {
    try {
      daemon.child.kill("SIGTERM");
    } catch { /* exited meanwhile */ }
    const timer = setTimeout(() => {
      try {
        daemon.child.kill("SIGKILL");
      } catch { /* exited meanwhile */ }
    }, 1_000);
    await daemon.child.status;
    clearTimeout(timer);
  }
  await daemon.copied;
}

/** Every process but this one, with its environment (those we may read). */
async function processEnvironments(): Promise<{ pid: number; env: string[] }[]> {
  const found = [];
  for await (const e of Deno.readDir("/proc")) {
    const pid = Number(e.name);
    if (!Number.isInteger(pid) || pid === Deno.pid) continue;
    const environ = await Deno.readFile(`/proc/${pid}/environ`).catch(() => null);
    if (environ !== null) found.push({ pid, env: new TextDecoder().decode(environ).split("\0") });
  }
  return found;
}

/** SIGKILLs every process (but this one) whose environment holds `entry`. */
async function killProcessesWithEnv(entry: string): Promise<void> {
  for (let round = 0; round < 5; round++) {
    const found = (await processEnvironments()).filter((p) => p.env.includes(entry));
    if (found.length === 0) return;
    for (const { pid } of found) {
      try {
        Deno.kill(pid, "SIGKILL");
      } catch { /* gone */ }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Ends the daemons (and their jobs) of clusters whose test process is gone, and removes their
 * directories: only processes this module started, found by OWNER_VARIABLE.
 */
async function endOrphanedClusters(): Promise<void> {
  const orphanDirs = new Set<string>();
  for (const { env } of await processEnvironments()) {
    const owner = env.find((entry) => entry.startsWith(`${OWNER_VARIABLE}=`));
    if (owner === undefined) continue;
    const value = owner.slice(OWNER_VARIABLE.length + 1);
    const at = value.indexOf(":");
    const [pid, dir] = [value.slice(0, at), value.slice(at + 1)];
    if (!(await exists(`/proc/${pid}`)) && dir.includes(DIR_PREFIX)) orphanDirs.add(dir);
  }
  for (const dir of orphanDirs) {
    await killProcessesWithEnv(`SLURM_CONF=${join(dir, "slurm.conf")}`);
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** What a Slurm client printed and whether it succeeded. */
export interface SlurmOutput {
  ok: boolean;
  code: number;
  stdout: string;
  stderr: string;
}

async function slurmOutput(
  env: Record<string, string>,
  command: string,
  args: string[],
  cwd?: string,
): Promise<SlurmOutput> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(command, { args, env, cwd, stdin: "null" }).output();
  } catch (e) {
    const stderr = `cannot run ${command} (${e instanceof Error ? e.message : e})`;
    return { ok: false, code: -1, stdout: "", stderr };
  }
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { ok: output.success, code: output.code, stdout: text(output.stdout), stderr: text(output.stderr) };
}

/**
 * Runs a Slurm client (`sbatch`, `squeue`, `scancel`, `scontrol`, `sinfo`) against the
 * cluster and returns its stdout; throws with its stderr when it fails.
 */
export async function slurm(
  cluster: SlurmCluster,
  command: string,
  args: string[],
  options: { cwd?: string } = {},
): Promise<string> {
  const result = await slurmOutput(cluster.env, command, args, options.cwd);
  if (!result.ok) {
    throw new Error(
      `${command} ${args.join(" ")} exited with status ${result.code}: ${result.stderr.trim()}`,
    );
  }
  return result.stdout;
}

/** Submits a batch job with `sbatch --parsable` and returns its job id. */
export async function sbatch(cluster: SlurmCluster, args: string[], cwd?: string): Promise<string> {
  const out = await slurm(cluster, "sbatch", ["--parsable", ...args], { cwd });
  // --parsable prints "id" or "id;cluster".
  return out.trim().split(";")[0] ?? "";
}

/**
 * Every job slurmctld still knows (pending, running, or finished less than MinJobAge ago)
 * and its state, from `squeue --states=all --json`: a plain job by its id, an array task by
 * `A_T` (ArrayJobId_ArrayTaskId), an array's tasks not yet started by `A_[0-3%1]`.
 */
export async function jobStates(cluster: SlurmCluster): Promise<Map<string, string>> {
  const json = JSON.parse(await slurm(cluster, "squeue", ["--states=all", "--json"])) as {
    jobs: {
      job_id: number;
      array_job_id: number;
      array_task_id: number | null;
      array_task_string: string;
      job_state: string;
    }[];
  };
  const states = new Map<string, string>();
  for (const job of json.jobs) {
    let key = String(job.job_id);
    if (typeof job.array_task_id === "number") key = `${job.array_job_id}_${job.array_task_id}`;
    else if (job.array_job_id !== 0) key = `${job.array_job_id}_[${job.array_task_string}]`;
    states.set(key, job.job_state);
  }
  return states;
}

/**
 * Polls jobStates() every 200 ms until each of `ids` (plain ids or `A_T`) is in one of
 * FINAL_JOB_STATES, and returns those states; throws after `timeoutMs` with what it saw.
 */
export async function waitForFinalStates(
  cluster: SlurmCluster,
  ids: string[],
  timeoutMs = 30_000,
): Promise<Map<string, string>> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const states = await jobStates(cluster);
    const wanted = new Map(ids.map((id) => [id, states.get(id) ?? "(unknown)"]));
    if ([...wanted.values()].every((s) => FINAL_JOB_STATES.has(s))) return wanted;
    if (Date.now() > deadline) {
      throw new Error(
        `jobs ${ids.join(", ")} not finished after ${timeoutMs / 1000} s: ` +
          [...states].map(([id, s]) => `${id} ${s}`).join(", "),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Polls until job `id` is RUNNING (so that a signal or scancel reaches a live process). */
export async function waitUntilRunning(cluster: SlurmCluster, id: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const state = (await jobStates(cluster)).get(id);
    if (state === "RUNNING") return;
    if (state !== undefined && FINAL_JOB_STATES.has(state)) {
      throw new Error(`job ${id} ended ${state} before it was seen running`);
    }
    if (Date.now() > deadline) throw new Error(`job ${id} not running after ${timeoutMs / 1000} s: ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One line of the job completion log (jobcomp/filetxt): its `Key=value` fields. */
export type JobCompletion = Record<string, string>;

/**
 * The finished jobs in a job completion log, oldest first. A line is `Key=value` pairs split
 * by spaces (a value may hold spaces, e.g. a job name: a field ends where ` Key=` starts).
 */
export async function readJobCompletionLog(file: string): Promise<JobCompletion[]> {
  const text = await Deno.readTextFile(file).catch((e) => {
    if (e instanceof Deno.errors.NotFound) return "";
    throw e;
  });
  return text.split("\n").filter((line) => line.trim() !== "").map((line) => {
    const record: JobCompletion = {};
    for (const field of line.trim().split(/ (?=[A-Za-z]+=)/)) {
      const at = field.indexOf("=");
      record[field.slice(0, at)] = field.slice(at + 1);
    }
    return record;
  });
}

/** A completion record's job as squeue and sbatch name it: `A_T` for an array task, else its id. */
export function jobKey(record: JobCompletion): string {
  const array = record.ArrayJobId;
  const task = record.ArrayTaskId;
  return array !== undefined && task !== undefined ? `${array}_${task}` : record.JobId ?? "";
}
