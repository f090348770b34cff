/**
 * Who is writing a temporary (a directory being built, or a file about to be renamed), told
 * by its name: `.tmp-<machine>-<pidns>-<pid>-<start>-…`
 * where `machine` hashes the host name and boot id, `pidns` is the PID namespace, and `start`
 * the process's start time. Only a temporary of this machine, boot and PID namespace can be
 * judged, and only by the user who owns it: it is stale when its process is gone, or when its
 * pid now belongs to a process that started at another time. A writer in a container sharing
 * the root, on another host sharing it over NFS, or hidden from /proc, is never taken for dead.
 */
import { hostname } from "node:os";
import { join } from "node:path";
import { sha256Hex } from "../runtime/hash.ts";

/** Prefix of every temporary directory the store makes. */
export const TMP_PREFIX = ".tmp-";

function readText(path: string): string {
  try {
    return Deno.readTextFileSync(path).trim();
  } catch {
    return "";
  }
}

/**
 * The start time of process `pid` (clock ticks since boot) as this PID namespace sees it;
 * "gone" when there is no such process; "unknown" when /proc will not say (hidden with
 * hidepid, or no /proc at all): then the process may well be alive.
 */
export function processStartTime(pid: number): string {
  let stat: string;
  try {
    stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  } catch (e) {
    return e instanceof Deno.errors.NotFound && procIsMounted() ? "gone" : "unknown";
  }
  // Fields after the command name (which may hold spaces and parentheses); start time is field 22.
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "unknown";
}

function procIsMounted(): boolean {
  try {
    Deno.statSync("/proc/self/stat");
    return true;
  } catch {
    return false;
  }
}

function pidNamespace(): string {
  try {
    return /\[(\d+)\]/.exec(Deno.readLinkSync("/proc/self/ns/pid"))?.[1] ?? "0";
  } catch {
    return "0";
  }
}

/** This process's tag: machine (host and boot), PID namespace, pid and start time. */
export function writerTag(): string {
  const machine = sha256Hex(`${hostname()}\n${readText("/proc/sys/kernel/random/boot_id")}`).slice(0, 8);
  const start = processStartTime(Deno.pid);
  return `${machine}-${pidNamespace()}-${Deno.pid}-${/^\d+$/.test(start) ? start : "0"}`;
}

/**
 * Whether the temporary called `name` was left by a writer that is gone and can be removed.
 * Names of other machines, boots or PID namespaces are never stale here.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isStaleTemporary, TMP_PREFIX, writerTag } from "./writer_tag.ts";
 * assert.equal(isStaleTemporary(`${TMP_PREFIX}${writerTag()}-abc`), false); // this process
 * assert.equal(isStaleTemporary(`${TMP_PREFIX}00000000-1-2-3-abc`), false); // another machine
 * ```
 */
export function isStaleTemporary(name: string): boolean {
  const mine = writerTag().split("-");
  // Without our own namespace and start time we can judge nothing.
  if (mine[1] === "0" || mine[3] === "0") return false;
  const [machine, namespace, pidText, start] = name.slice(TMP_PREFIX.length).split("-");
  if (machine !== mine[0] || namespace !== mine[1]) return false;
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const now = processStartTime(pid);
  return now === "gone" || (now !== "unknown" && now !== start);
}

/**
 * How long a temporary in an older format (which names only a pid) must have been left
 * unchanged before it may be removed: its name cannot say which machine or PID namespace
 * wrote it, so a pid that is not alive here proves nothing alone. No stage of any version
 * leaves a temporary unchanged this long while it runs.
 */
export const OLD_FORMAT_STALE_MS = 24 * 60 * 60 * 1000;

/**
 * The pid in the name of a temporary of an older format: `.tmp-<pid>-<random>` (artifact and
 * checkpoint directories, and `…-replaced`) or `.<name>.<pid>-<hex>.tmp` (files written
 * atomically); undefined for anything else. The current format's first field is an
 * 8-character machine hash; a pid has at most 7 digits (Linux's pid_max is at most 2^22).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { oldFormatPid, writerTag } from "./writer_tag.ts";
 * assert.equal(oldFormatPid(".tmp-4242-a1b2c3"), 4242);
 * assert.equal(oldFormatPid(".LATEST.4242-9f8e.tmp"), 4242);
 * assert.equal(oldFormatPid(`.tmp-${writerTag()}-a1b2c3`), undefined);
 * ```
 */
export function oldFormatPid(name: string): number | undefined {
  const match = /^\.tmp-(\d{1,7})-[^-]/.exec(name) ?? /^\..+\.(\d{1,7})-[0-9a-f]+\.tmp$/.exec(name);
  const pid = match === null ? NaN : Number(match[1]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** The newest modification time (ms) of `path` and, for a directory, of everything under it. */
async function newestChange(path: string): Promise<number> {
  const info = await Deno.lstat(path);
  let newest = info.mtime?.getTime() ?? Date.now();
  if (info.isDirectory) {
    for await (const entry of Deno.readDir(path)) {
      newest = Math.max(newest, await newestChange(join(path, entry.name)));
    }
  }
  return newest;
}

/**
 * Whether the older-format temporary `name` under `dir` is stale: its pid runs no process
 * here, and nothing in it changed for {@link OLD_FORMAT_STALE_MS}.
 */
async function isStaleOldFormat(dir: string, name: string, now: number): Promise<boolean> {
  const pid = oldFormatPid(name);
  if (pid === undefined || processStartTime(pid) !== "gone") return false;
  const newest = await newestChange(join(dir, name)).catch(() => now);
  return now - newest > OLD_FORMAT_STALE_MS;
}

/**
 * Removes the temporaries under `dir` that a crashed or interrupted writer left behind: those
 * named `.tmp-…` that {@link isStaleTemporary} can tell are stale, and those of an older
 * format whose pid is gone and that have not changed for a day. Only this user's. Readers
 * never see temporaries anyway.
 */
export async function removeStaleTemporariesIn(dir: string): Promise<void> {
  const now = Date.now();
  try {
    for await (const entry of Deno.readDir(dir)) {
      const stale = entry.name.startsWith(TMP_PREFIX) && isStaleTemporary(entry.name) ||
        await isStaleOldFormat(dir, entry.name, now);
      if (!stale) continue;
      // Another user's temporary is theirs to judge (their process may be hidden from us).
      const owner = (await Deno.lstat(join(dir, entry.name)).catch(() => undefined))?.uid;
      if (owner === undefined || owner !== Deno.uid()) continue;
      await Deno.remove(join(dir, entry.name), { recursive: true }).catch(() => {});
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}
