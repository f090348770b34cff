/** SHA-256 and MD5 digests as lowercase hex, via node:crypto. */
import { createHash } from "node:crypto";

/**
 * SHA-256 of bytes or a string, as 64 lowercase hex characters.
 *
 * @example
 * ```ts
 * import { sha256Hex } from "./hash.ts";
 * sha256Hex(""); // "e3b0c442..."
 * ```
 */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** MD5 of bytes, as 32 lowercase hex characters (only for checking published MD5 sums). */
export function md5Hex(data: Uint8Array): string {
  return createHash("md5").update(data).digest("hex");
}
