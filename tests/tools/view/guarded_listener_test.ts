// The guarded front lets a slow handler answer, and closes connections idle after an answer or dribbling their headers.
import assert from "node:assert/strict";
import { serveGuarded } from "../../../lib/tools/view/guarded_listener.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Milliseconds until the server closes `connection` (EOF or reset), or undefined if still open after `ms`. */
async function closedAfter(connection: Deno.Conn, ms: number): Promise<number | undefined> {
  const start = Date.now();
  const buffer = new Uint8Array(4096);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => timer = setTimeout(() => resolve(undefined), ms));
  const closed = (async () => {
    try {
      while ((await connection.read(buffer)) !== null) {
        // an answer may come before the close
      }
    } catch {
      // reset by the server: closed too
    }
    return Date.now() - start;
  })();
  const result = await Promise.race([closed, timeout]);
  clearTimeout(timer);
  try {
    connection.close();
  } catch {
    // already closed
  }
  await closed;
  return result;
}

Deno.test("a request whose handler takes longer than idleMs gets its answer; the connection is closed idleMs later", async () => {
  const server = serveGuarded({ hostname: "127.0.0.1", port: 0, idleMs: 1_000, log: () => {} }, async () => {
    await sleep(2_500);
    return new Response("done");
  });
  try {
    const response = await fetch(`http://127.0.0.1:${server.addr.port}/`);
    assert.equal(await response.text(), "done");

    const connection = await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
    const start = Date.now();
    await connection.write(new TextEncoder().encode("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    const buffer = new Uint8Array(4096);
    const n = await connection.read(buffer);
    assert.match(new TextDecoder().decode(buffer.subarray(0, n ?? 0)), /^HTTP\/1\.1 200[^]*done$/);
    const answeredMs = Date.now() - start;
    const ms = await closedAfter(connection, 5_000);
    assert.ok(
      ms !== undefined && ms >= 900,
      `closed ${ms} ms after the answer (at ${answeredMs} ms), not idleMs`,
    );
  } finally {
    await server.shutdown();
  }
});

Deno.test("a client dribbling its request headers is closed headerMs after its first byte, though never idle", async () => {
  const server = serveGuarded(
    { hostname: "127.0.0.1", port: 0, idleMs: 60_000, headerMs: 1_000, lifetimeMs: 60_000, log: () => {} },
    () => new Response("ok"),
  );
  const connection = await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
  // Empty lines before a request line end no headers: they too must be followed by a request in time.
  const blank = await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
  await blank.write(new TextEncoder().encode("\r\n\r\n\n\n"));
  const request = new TextEncoder().encode(`GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ${"a".repeat(100)}\r\n\r\n`);
  let byte = 0;
  const dribble = setInterval(() => {
    connection.write(request.subarray(byte, byte + 1)).catch(() => {});
    byte = Math.min(byte + 1, request.length - 1);
  }, 100);
  try {
    const [ms, blankMs] = await Promise.all([closedAfter(connection, 5_000), closedAfter(blank, 5_000)]);
    assert.ok(ms !== undefined, "a dribbling client was still connected after 5 s");
    assert.ok(ms >= 900, `closed after ${ms} ms, before its 1 s header deadline`);
    assert.ok(blankMs !== undefined, "a client that sent only empty lines was still connected after 5 s");
  } finally {
    clearInterval(dribble);
    await server.shutdown();
  }
});
