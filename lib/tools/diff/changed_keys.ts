/**
 * The keys whose values differ between two records (params, inputs, env), as the diff names
 * them: a nested record is compared key by key, as "outer.inner" (env's
 * "openblas.threads 1 → 2", not two copies of the whole record).
 */
import { canonicalJson } from "../../core/store/artifact_id.ts";
import type { ValueChange } from "./file_diff.ts";

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Every key of `a` or `b` whose value differs, sorted, with nested records compared key by key.
 *
 * @example
 * ```ts
 * import { changedKeys } from "./changed_keys.ts";
 * changedKeys({ n: 1, o: { t: 1, k: "x" } }, { n: 1, o: { t: 2, k: "x" } }); // [{ key: "o.t", a: 1, b: 2 }]
 * ```
 */
export function changedKeys(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  prefix = "",
): ValueChange[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((key) => {
    const [va, vb] = [a[key], b[key]];
    if (canonicalJson(va) === canonicalJson(vb)) return [];
    if (isRecord(va) && isRecord(vb)) return changedKeys(va, vb, `${prefix}${key}.`);
    return [{ key: `${prefix}${key}`, a: va, b: vb }];
  });
}
