/**
 * A flood of idle, half-sent and slow connections from this machine does not end the viewer:
 * under a descriptor limit of 256, 400 connections are held open; the viewer closes the idle
 * and slow ones itself, logs what it refused, and answers once the flood stops; stopped by
 * SIGTERM, it leaves no socket directory behind.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { tempDir } from "../../_files.ts";

const SERVER = join(import.meta.dirname!, "_flood_server.ts");
const DESCRIPTOR_LIMIT = 256;
const FLOOD = 400;

/** Waits until the server closes `connection` (read gives EOF or an error); false if still open after `ms`. */
async function closedWithin(connection: Deno.Conn, ms: number): Promise<boolean> {
  const buffer = new Uint8Array(1024);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => timer = setTimeout(() => resolve(false), ms));
  const closed = (async () => {
    try {
      while ((await connection.read(buffer)) !== null) {
        // an answer (a 408, say) may come before the close
      }
    } catch {
      // reset by the server: closed too
    }
    return true;
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

Deno.test("a connection flood under a descriptor limit of 256 neither ends nor wedges the viewer", async () => {
  const root = await tempDir();
  // The server's private socket directory goes here, so the test can see it removed.
  const tmp = await tempDir();
  const child = new Deno.Command("bash", {
    args: [
      "-c",
      `ulimit -n ${DESCRIPTOR_LIMIT} && exec "$0" run --allow-all "$1" "$2"`,
      Deno.execPath(),
      SERVER,
      root,
    ],
    stdout: "piped",
    stderr: "piped",
    env: { TMPDIR: tmp },
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let exited = false;
  void child.status.then(() => exited = true);
  try {
    let printed = "";
    while (!/\n/.test(printed)) printed += (await reader.read()).value ?? "";
    const url = /at (http:\/\/\S+\/)/.exec(printed)?.[1];
    assert.ok(url, printed);
    const port = Number(new URL(url).port);

    const connections: Deno.Conn[] = [];
    for (let i = 0; i < FLOOD; i++) {
      try {
        const connection = await Deno.connect({ hostname: "127.0.0.1", port });
        // A third send nothing, a third half a request, a third a request one byte at a time.
        if (i % 3 === 1) await connection.write(new TextEncoder().encode("GET / HTTP/1.1\r\nHo"));
        connections.push(connection);
      } catch {
        // A full accept queue may refuse some: a flood all the same.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(!exited, "the viewer exited during the flood");
    assert.ok(connections.length >= DESCRIPTOR_LIMIT, `only ${connections.length} connections opened`);
    const slow = connections.filter((_, i) => i % 3 === 2);
    const request = new TextEncoder().encode(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
    let byte = 0;
    const dribble = setInterval(() => {
      for (const connection of slow) connection.write(request.subarray(byte, byte + 1)).catch(() => {});
      byte = (byte + 1) % request.length;
    }, 300);
    try {
      // Idle ones go after 1 s, half-sent and slow ones 1 s after their first byte: all within 8 s.
      const closed = await Promise.all(connections.map((connection) => closedWithin(connection, 8_000)));
      const open = closed.filter((c) => !c).length;
      assert.equal(open, 0, `${open} of ${connections.length} flood connections were still open after 8 s`);
    } finally {
      clearInterval(dribble);
    }
    assert.ok(!exited, "the viewer exited after the flood");
    const response = await fetch(new URL("/runs", url));
    assert.equal(response.status, 200);
    assert.match(await response.text(), /<h1>Runs<\/h1>/);
  } finally {
    reader.releaseLock();
    if (!exited) child.kill("SIGTERM");
    await child.status;
  }
  const left = (await Array.fromAsync(Deno.readDir(tmp))).map((entry) => entry.name);
  assert.deepEqual(left, [], "the viewer, stopped by SIGTERM, left its socket directory behind");
  assert.match(await stderr, /connections open, the most it keeps|accept failed/);
});
