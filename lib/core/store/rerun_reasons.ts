/**
 * Why a stage computes a new artifact instead of reusing the one before it: the params,
 * input artifacts and source files that differ from those of the previous artifact of the
 * same kind.
 */
import { canonicalJson } from "./artifact_id.ts";
import type { InputRef, Manifest } from "./manifest.ts";
import type { SourceFingerprint } from "./source_fingerprint.ts";

/** What the new artifact is made from. */
export interface Basis {
  params: Record<string, unknown>;
  inputs: InputRef[];
  source: SourceFingerprint;
}

function differing(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().filter((k) =>
    canonicalJson(a[k]) !== canonicalJson(b[k])
  );
}

/**
 * Human-readable reasons, e.g. "param epochs 5 → 10", "input model 1a2b… → 3c4d…",
 * "source lib/stages/train/trainer.ts changed". Empty when nothing differs (then only --force reran it).
 *
 * @example
 * ```ts
 * import { rerunReasons } from "./rerun_reasons.ts";
 * const previous = { params: { epochs: 5 }, inputs: [], code: { source: {} } };
 * rerunReasons(previous as never, { params: { epochs: 10 }, inputs: [], source: {} }); // ["param epochs 5 → 10"]
 * ```
 */
export function rerunReasons(previous: Pick<Manifest, "params" | "inputs" | "code">, next: Basis): string[] {
  const reasons: string[] = [];
  for (const key of differing(previous.params, next.params)) {
    reasons.push(`param ${key} ${canonicalJson(previous.params[key])} → ${canonicalJson(next.params[key])}`);
  }
  const before = Object.fromEntries(previous.inputs.map((i) => [i.kind, i.id]));
  const after = Object.fromEntries(next.inputs.map((i) => [i.kind, i.id]));
  for (const kind of differing(before, after)) {
    reasons.push(`input ${kind} ${before[kind] ?? "none"} → ${after[kind] ?? "none"}`);
  }
  const source = (previous.code.source ?? {}) as Record<string, unknown>;
  for (const path of differing(source, next.source)) {
    reasons.push(
      `source ${path} ${
        source[path] === undefined ? "added" : next.source[path] === undefined ? "removed" : "changed"
      }`,
    );
  }
  return reasons;
}
