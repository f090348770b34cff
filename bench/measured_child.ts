/**
 * Running one benchmarked child process: its wall time, its stdout, and its peak RSS, read
 * from /proc/<pid>/status (VmHWM, the kernel's high-water mark, so polling it every 100 ms
 * misses only growth in the last interval before exit).
 */

/** What a finished child did: wall seconds from spawn, peak RSS and its output. */
export interface Measured {
  seconds: number;
  peakRssMiB: number;
  success: boolean;
  stdout: string;
  /** Its stderr, when it was piped rather than shown (see {@link measureChild}). */
  stderr: string;
}

/** The VmHWM of process `pid` in KiB, or undefined once it has gone. */
function peakRssKiB(pid: number): number | undefined {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** How to run a child: working directory, extra environment, and whether its stderr is shown. */
export interface ChildOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** "inherit" shows its progress as it goes; "piped" keeps it for an error line. */
  stderr?: "inherit" | "piped";
}

/**
 * Runs `command` with `args` to its end and measures it; does not throw on a non-zero exit
 * (see `success`).
 *
 * @example
 * ```ts
 * import { measureChild } from "./measured_child.ts";
 * const run = await measureChild("true", []);
 * run.success; // true
 * ```
 */
export async function measureChild(
  command: string,
  args: string[],
  options: ChildOptions = {},
): Promise<Measured> {
  const started = performance.now();
  const child = new Deno.Command(command, {
    args,
    cwd: options.cwd,
    env: options.env,
    stdout: "piped",
    stderr: options.stderr ?? "inherit",
  }).spawn();
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, peakRssKiB(child.pid) ?? 0);
  }, 100);
  try {
    const output = await child.output();
    const decoder = new TextDecoder();
    return {
      seconds: (performance.now() - started) / 1000,
      peakRssMiB: peak / 1024,
      success: output.success,
      stdout: decoder.decode(output.stdout),
      stderr: options.stderr === "piped" ? decoder.decode(output.stderr) : "",
    };
  } finally {
    clearInterval(timer);
  }
}
