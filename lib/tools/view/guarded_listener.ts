/**
 * A TCP front for Deno.serve that survives connection floods. Deno.serve (Deno 2.9) exits its
 * accept loop on the first accept error, so a flood that uses up the file descriptors
 * (EMFILE) ends the server for good, and it never closes an idle or half-sent connection
 * (measured: both still open after 70 s). Neither can be set, and Deno 2 has no public way to
 * serve HTTP on a connection accepted elsewhere (Deno.serveHttp is gone). So this front
 * accepts the TCP connections itself and relays each to a Deno.serve on a private Unix
 * socket (a directory of mode 0700), and:
 * - keeps at most `maxConnections` open (by default what the process' descriptor limit
 *   allows: each connection takes three descriptors), closing any beyond at once;
 * - closes a connection idle for `idleMs` (nothing sent either way while no request is
 *   outstanding) or open for `lifetimeMs`; a request is outstanding from the client's first
 *   byte after the server's last one until the server sends again, so a slow handler is
 *   never cut as idle;
 * - closes a connection whose request headers are not complete (no blank line yet) `headerMs`
 *   after the request's first byte, so a client dribbling a request cannot hold a slot;
 * - logs an accept error in one line, waits a moment and accepts again;
 * - restarts the inner server should it ever stop.
 * The relay copies bytes and reads nothing of them but where the request headers end (the
 * first empty line): the HTTP is all Deno.serve's.
 */
import { join } from "node:path";

/** How the front listens and what it tolerates. */
export interface GuardOptions {
  hostname: string;
  /** 0 picks a free port. */
  port: number;
  /** Most client connections open at once (default: from the descriptor limit, at most 256). */
  maxConnections?: number;
  /**
   * A connection with nothing sent either way for this long, and no request outstanding, is
   * closed (default 15 s).
   */
  idleMs?: number;
  /** A request whose headers are not complete this long after its first byte is closed (default 10 s). */
  headerMs?: number;
  /** A connection is closed after this long, busy or not (default 5 min). */
  lifetimeMs?: number;
  /** Where one-line notices go (default console.error). */
  log?: (line: string) => void;
}

/** A running guarded server. */
export interface GuardedServer {
  addr: Deno.NetAddr;
  /** The most client connections it keeps open. */
  maxConnections: number;
  /** Resolves once shutdown() has closed everything. */
  finished: Promise<void>;
  shutdown(): Promise<void>;
}

/** The soft limit on open files of this process (Linux /proc), or undefined where unknown. */
function openFileLimit(): number | undefined {
  try {
    const limits = Deno.readTextFileSync("/proc/self/limits");
    const soft = /^Max open files\s+(\d+)/m.exec(limits)?.[1];
    return soft === undefined ? undefined : Number(soft);
  } catch {
    return undefined;
  }
}

/**
 * Default connection cap: three descriptors a connection (client, relay, server side), 64
 * kept for files and the runtime; between 8 and 256.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultMaxConnections } from "./guarded_listener.ts";
 * assert.equal(defaultMaxConnections(256), 64);
 * assert.equal(defaultMaxConnections(1_048_576), 256);
 * assert.equal(defaultMaxConnections(50), 8);
 * ```
 */
export function defaultMaxConnections(limit = openFileLimit()): number {
  if (limit === undefined) return 128;
  return Math.max(8, Math.min(256, Math.floor((limit - 64) / 3)));
}

interface Relay {
  client: Deno.Conn;
  upstream?: Deno.Conn;
  opened: number;
  lastActive: number;
  /** When the outstanding request's first byte came (undefined: none outstanding). */
  requestStarted?: number;
  /** How far the outstanding request's headers are read (see {@link noteRequestBytes}). */
  headers: HeaderState;
  done: Promise<void>;
}

/**
 * Where a request's headers are: before the request line ("start": empty lines before it
 * are skipped, as HTTP/1 parsers do), inside a line, just after a line's LF, or "done"
 * once an empty line follows a line (LF, optional CR, LF).
 */
type HeaderState = "start" | "line" | "lineEnd" | "done";

/** Notes a chunk the client sent: a new request if none was outstanding, and whether its headers ended. */
function noteRequestBytes(relay: Relay, chunk: Uint8Array, now: number): void {
  if (relay.requestStarted === undefined) {
    relay.requestStarted = now;
    relay.headers = "start";
  }
  for (const byte of chunk) {
    if (relay.headers === "done") return;
    const newline = byte === 10;
    if (relay.headers === "start") relay.headers = newline || byte === 13 ? "start" : "line";
    else if (relay.headers === "line") relay.headers = newline ? "lineEnd" : "line";
    else relay.headers = newline ? "done" : byte === 13 ? "lineEnd" : "line";
  }
}

function closeQuietly(conn: Deno.Conn | undefined): void {
  try {
    conn?.close();
  } catch {
    // already closed
  }
}

/**
 * Copies `from` to `to` until `from` ends, noting activity and, by `direction`, requests
 * begun (client to server) or answered (server to client); then half-closes `to`.
 */
async function copy(
  from: Deno.Conn,
  to: Deno.Conn,
  relay: Relay,
  direction: "request" | "answer",
): Promise<void> {
  const buffer = new Uint8Array(64 * 1024);
  try {
    for (;;) {
      const n = await from.read(buffer);
      if (n === null) break;
      relay.lastActive = Date.now();
      if (direction === "request") noteRequestBytes(relay, buffer.subarray(0, n), relay.lastActive);
      else relay.requestStarted = undefined;
      for (let at = 0; at < n;) at += await to.write(buffer.subarray(at, n));
      relay.lastActive = Date.now();
    }
    await to.closeWrite().catch(() => {});
  } catch {
    // A reset or a closed side ends this direction; the caller closes both.
  }
}

/** Serves `handler` on `options.hostname`:`options.port` behind the guarded front (listening when this returns). */
export function serveGuarded(
  options: GuardOptions,
  handler: (request: Request) => Response | Promise<Response>,
): GuardedServer {
  const log = options.log ?? ((line: string) => console.error(line));
  const maxConnections = options.maxConnections ?? defaultMaxConnections();
  const idleMs = options.idleMs ?? 15_000;
  const headerMs = options.headerMs ?? 10_000;
  const lifetimeMs = options.lifetimeMs ?? 300_000;
  const dir = Deno.makeTempDirSync({ prefix: "vae-view-" });
  Deno.chmodSync(dir, 0o700);
  const path = join(dir, "http.sock");
  let stopping = false;

  let inner: Deno.HttpServer<Deno.UnixAddr> | undefined;
  const startInner = () => {
    inner = Deno.serve({ path, onListen: () => {} }, handler);
    inner.finished.catch((e) => {
      if (stopping) return;
      log(`view: the HTTP server stopped (${(e as Error).message}); restarting it`);
      setTimeout(restartInner, 200);
    });
  };
  const restartInner = () => {
    if (stopping) return;
    try {
      Deno.removeSync(path);
    } catch {
      // gone already
    }
    try {
      startInner();
    } catch (e) {
      log(`view: cannot restart the HTTP server yet: ${(e as Error).message}`);
      setTimeout(restartInner, 1_000);
    }
  };
  let listener: Deno.TcpListener;
  try {
    startInner();
    listener = Deno.listen({ hostname: options.hostname, port: options.port });
  } catch (e) {
    stopping = true;
    void inner?.shutdown().catch(() => {});
    Deno.removeSync(dir, { recursive: true });
    throw e;
  }

  const relays = new Set<Relay>();
  let lastNotice = 0;
  const notice = (line: string) => {
    const now = Date.now();
    if (now - lastNotice >= 5_000) {
      lastNotice = now;
      log(line);
    }
  };

  const relay = (client: Deno.Conn) => {
    const now = Date.now();
    const entry: Relay = {
      client,
      opened: now,
      lastActive: now,
      headers: "start",
      done: Promise.resolve(),
    };
    relays.add(entry);
    entry.done = (async () => {
      try {
        const upstream = await Deno.connect({ transport: "unix", path });
        entry.upstream = upstream;
        const requests = copy(client, upstream, entry, "request");
        // The server's side ending (it closed the connection) ends the client's too.
        await copy(upstream, client, entry, "answer");
        closeQuietly(client);
        closeQuietly(upstream);
        await requests;
      } catch (e) {
        if (!stopping) notice(`view: a connection failed: ${(e as Error).message}`);
      } finally {
        closeQuietly(client);
        closeQuietly(entry.upstream);
        relays.delete(entry);
      }
    })();
  };

  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const entry of relays) {
      const started = entry.requestStarted;
      const expired = now - entry.opened > lifetimeMs ||
        (started === undefined
          ? now - entry.lastActive > idleMs
          : entry.headers !== "done" && now - started > headerMs);
      if (expired) {
        closeQuietly(entry.client);
        closeQuietly(entry.upstream);
      }
    }
  }, Math.min(1_000, idleMs / 2, headerMs / 2));

  const accepting = (async () => {
    while (!stopping) {
      let client: Deno.Conn;
      try {
        client = await listener.accept();
      } catch (e) {
        if (stopping) break;
        notice(`view: accept failed: ${(e as Error).message}; still listening`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      if (relays.size >= maxConnections) {
        closeQuietly(client);
        notice(`view: ${relays.size} connections open, the most it keeps; closing new ones until some end`);
        continue;
      }
      relay(client);
    }
  })();

  let finish: () => void;
  const finished = new Promise<void>((resolve) => finish = resolve);
  let shut: Promise<void> | undefined;
  return {
    addr: listener.addr,
    maxConnections,
    finished,
    shutdown() {
      shut ??= (async () => {
        stopping = true;
        clearInterval(sweeper);
        try {
          listener.close();
        } catch {
          // already closed
        }
        await accepting;
        for (const entry of relays) {
          closeQuietly(entry.client);
          closeQuietly(entry.upstream);
        }
        await Promise.all([...relays].map((entry) => entry.done));
        await inner?.shutdown().catch(() => {});
        await Deno.remove(dir, { recursive: true }).catch(() => {});
        finish();
      })();
      return shut;
    },
  };
}
