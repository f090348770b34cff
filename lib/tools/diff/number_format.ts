/** How diff prints numbers: in full in the detail, to a few digits in the verdict. */

/**
 * `v` to 6 significant digits, trailing zeros dropped; tiny and huge values in exponent form.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { full } from "./number_format.ts";
 * assert.equal(full(143.41623), "143.416");
 * assert.equal(full(0.00004473), "4.473e-5");
 * assert.equal(full(200000), "200000");
 * ```
 */
/** Trailing zeros of a decimal fraction removed ("1.500" → "1.5", "2.000" → "2"); an integer as it is. */
function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

export function full(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? trimZeros(v.toPrecision(6)) : v.toExponential(3);
}

/**
 * `v` to `digits` significant digits (trailing zeros kept, they are digits too), but never
 * fewer than its integer part has; an integer as it is; under 0.001 in exponent form.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { brief } from "./number_format.ts";
 * assert.equal(brief(101.5932, 5), "101.59");
 * assert.equal(brief(539.998, 5), "540.00");
 * assert.equal(brief(0.1587, 2), "0.16");
 * assert.equal(brief(123.4, 2), "123");
 * assert.equal(brief(32, 5), "32");
 * assert.equal(brief(0.0000874, 2), "8.7e-5");
 * ```
 */
export function brief(v: number, digits: number): string {
  if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
  const magnitude = Math.floor(Math.log10(Math.abs(v)));
  if (magnitude + 1 >= digits) return Math.round(v).toString();
  if (Math.abs(v) < 1e-3) return v.toExponential(digits - 1).replace("e-0", "e-");
  return v.toPrecision(digits);
}
