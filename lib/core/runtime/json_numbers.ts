/** Flattening JSON into its numeric leaves, keyed by path ("perClass.3.negElbo"). */

/**
 * The numeric leaves of `value` by dotted path.
 *
 * @example
 * ```ts
 * import { numericLeaves } from "./json_numbers.ts";
 * numericLeaves({ a: { b: 1 }, c: [2, "x"] }); // Map { "a.b" => 1, "c.0" => 2 }
 * ```
 */
export function numericLeaves(
  value: unknown,
  prefix = "",
  out = new Map<string, number>(),
): Map<string, number> {
  if (typeof value === "number") out.set(prefix, value);
  else if (Array.isArray(value)) {
    value.forEach((v, i) => numericLeaves(v, prefix ? `${prefix}.${i}` : String(i), out));
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) numericLeaves(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}
