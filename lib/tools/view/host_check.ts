/**
 * The viewer's answer to DNS rebinding: a request is answered only when its Host header names
 * this server. A page on another site can point its own name at 127.0.0.1, but the browser
 * then sends that name as Host, and it is refused. Accepted: `localhost`, `127.0.0.1`,
 * `[::1]`, the address the server is bound to and the name `--host` gave, each with the
 * port the server listens on (or without one when that port is 80). Bound to a wildcard
 * (0.0.0.0, ::), any IP literal is accepted too: an address cannot be rebound, only a name.
 */

/** What the viewer accepts as Host. */
export interface HostPolicy {
  /** Lower-case host names and IP literals (IPv6 without brackets) that name this server. */
  names: Set<string>;
  port: number;
  /** Whether any IP literal is accepted (the server is bound to a wildcard address). */
  anyAddress: boolean;
}

/** Names every viewer answers to. */
const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1"];

function unbracket(name: string): string {
  return name.startsWith("[") && name.endsWith("]") ? name.slice(1, -1) : name;
}

/** The policy of a server bound to `hostname`:`port`, started with `--host` `requested`. */
export function hostPolicy(hostname: string, port: number, requested = hostname): HostPolicy {
  const bound = unbracket(hostname).toLowerCase();
  return {
    names: new Set([...LOOPBACK_NAMES, bound, unbracket(requested).toLowerCase()]),
    port,
    anyAddress: bound === "0.0.0.0" || bound === "::",
  };
}

// A name may end in a dot (a fully qualified `localhost.`): well-formed, so refused, not malformed.
const HOST = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?\.?))(?::(\d{1,5}))?$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;

/**
 * "ok" when Host header `host` names this server under `policy`, "malformed" when it is
 * absent or not a host[:port] at all (answered 400), "refused" otherwise (answered 403).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkHost, hostPolicy } from "./host_check.ts";
 * const policy = hostPolicy("127.0.0.1", 8000);
 * assert.equal(checkHost("localhost:8000", policy), "ok");
 * assert.equal(checkHost("[::1]:8000", policy), "ok");
 * assert.equal(checkHost("attacker.example:8000", policy), "refused");
 * assert.equal(checkHost("127.0.0.1:8001", policy), "refused");
 * assert.equal(checkHost("localhost.:8000", policy), "refused");
 * assert.equal(checkHost("127.0.0.1:80:80", policy), "malformed");
 * // Bound to every address: any IP literal, never a name it was not given.
 * const wide = hostPolicy("0.0.0.0", 8000, "viewer.lan");
 * assert.equal(checkHost("192.168.1.20:8000", wide), "ok");
 * assert.equal(checkHost("viewer.lan:8000", wide), "ok");
 * assert.equal(checkHost("attacker.example:8000", wide), "refused");
 * ```
 */
export function checkHost(host: string | null, policy: HostPolicy): "ok" | "malformed" | "refused" {
  if (host === null) return "malformed";
  const match = HOST.exec(host.toLowerCase());
  if (!match) return "malformed";
  const [, ipv6, name, portText] = match;
  const port = portText === undefined ? 80 : Number(portText);
  if (port > 65535) return "malformed";
  if (port !== policy.port) return "refused";
  const address = ipv6 ?? name!;
  if (policy.names.has(address)) return "ok";
  return policy.anyAddress && (ipv6 !== undefined || IPV4.test(address)) ? "ok" : "refused";
}
