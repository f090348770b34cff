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
 * Removes the temporaries under `dir` (directories and files named `.tmp-…`) that a crashed
 * or interrupted writer left behind: only those {@link isStaleTemporary} can tell are stale.
 * Readers never see temporaries anyway.
 */
export async function removeStaleTemporariesIn(dir: string): Promise<void> {
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.name.startsWith(TMP_PREFIX) || !isStaleTemporary(entry.name)) continue;
      // Another user's temporary is theirs to judge (their process may be hidden from us).
      const owner = (await Deno.lstat(join(dir, entry.name)).catch(() => undefined))?.uid;
      if (owner === undefined || owner !== Deno.uid()) continue;
      await Deno.remove(join(dir, entry.name), { recursive: true }).catch(() => {});
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}
