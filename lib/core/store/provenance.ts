/**
 * Where and from what an artifact was made: runtime versions, OS and CPU (`env`), and the
 * git commit and tree state (`code`). Recorded in manifests and run records, never hashed
 * into ids.
 */
import { PROJECT_ROOT } from "./source_fingerprint.ts";

function cpuModel(): string {
  try {
    const cpuinfo = Deno.readTextFileSync("/proc/cpuinfo");
    return /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** Runtime and host details; `extra` adds stage facts such as the tfjs backend. */
export function hostEnv(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
    os: Deno.build.os,
    arch: Deno.build.arch,
    cpu: cpuModel(),
    ...extra,
  };
}

async function git(args: string[]): Promise<string | undefined> {
  try {
    const out = await new Deno.Command("git", {
      args,
      cwd: PROJECT_ROOT,
      stdout: "piped",
      stderr: "null",
    })
      .output();
    return out.success ? new TextDecoder().decode(out.stdout).trim() : undefined;
  } catch {
    return undefined;
  }
}

/** The git commit of the project and whether its tracked files differ from it. */
export async function codeState(): Promise<{ commit: string | null; dirty: boolean | null }> {
  const commit = await git(["rev-parse", "HEAD"]);
  const status = await git(["status", "--porcelain", "--untracked-files=no"]);
  return { commit: commit ?? null, dirty: status === undefined ? null : status.length > 0 };
}
