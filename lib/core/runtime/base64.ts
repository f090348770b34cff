/** Base64 of bytes, through node:buffer (what the runtime ships). */
import { Buffer } from "node:buffer";

/**
 * The base64 text of `bytes`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeBase64 } from "./base64.ts";
 * assert.equal(encodeBase64(new Uint8Array([104, 105])), "aGk=");
 * ```
 */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}
