/**
 * JSON for files whose readers accept only finite numbers: JSON.stringify writes NaN and ±Infinity
 * as null, which a reader then rejects, so the writer refuses them instead and names the first one.
 */
import { numericLeaves } from "./json_numbers.ts";

/**
 * `value` as pretty-printed JSON with a final newline; a RangeError naming `file` and the path of the
 * first number that is not finite, if any.
 *
 * @example
 * ```ts
 * import { finiteJson } from "./finite_json.ts";
 * finiteJson({ a: [1, 2] }, "metrics.json"); // '{\n  "a": [\n    1,\n    2\n  ]\n}\n'
 * ```
 */
export function finiteJson(value: unknown, file: string): string {
  for (const [path, number] of numericLeaves(value)) {
    if (!Number.isFinite(number)) {
      throw new RangeError(
        `${file}: ${path || "the value"} is ${number}, which JSON cannot hold; nothing was written ` +
          `(a model whose numbers ran away: train again with a lower --lr)`,
      );
    }
  }
  return JSON.stringify(value, null, 2) + "\n";
}
