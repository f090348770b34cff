/** SHA-256 digests as lowercase hex, via node:crypto. */
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
