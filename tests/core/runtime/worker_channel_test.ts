// openWorkerChannel(): replies come back in request order checked for their kind, a failing worker rejects the pending and later requests instead of hanging, transferList() gives each buffer once, and an unknown message kind is a type error.
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  openWorkerChannel,
  transferList,
  type WorkerChannel,
} from "../../../lib/core/runtime/worker_channel.ts";
import { tempDir } from "../../_files.ts";

/** The test worker's protocol. */
type ToEcho = { kind: "echo"; text: string; delayMs?: number } | { kind: "boom" };
type FromEcho = { kind: "echo"; text: string } | { kind: "stepped" };

/**
 * A worker on workerEnd() that answers "echo" with its text, after `delayMs` when given (an
 * async handler), and throws on "boom".
 */
async function testWorker(): Promise<URL> {
  const path = join(await tempDir(), "worker.js");
  const channelModule = new URL("../../../lib/core/runtime/worker_channel.ts", import.meta.url).href;
  await Deno.writeTextFile(
    path,
    `import { workerEnd } from ${JSON.stringify(channelModule)};
const port = workerEnd();
port.listen(async (message) => {
  if (message.kind === "boom") throw new Error("boom requested");
  if (message.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, message.delayMs));
  port.reply({ kind: "echo", text: message.text });
});
`,
  );
  return pathToFileURL(path);
}

async function open(): Promise<WorkerChannel<ToEcho, FromEcho>> {
  return openWorkerChannel<ToEcho, FromEcho>(await testWorker(), "test worker");
}

Deno.test("replies come back in the order of the requests, each checked for its kind", async () => {
  const channel = await open();
  try {
    // The first request's async handler takes longest: workerEnd still answers in order.
    channel.send({ kind: "echo", text: "a", delayMs: 200 });
    channel.send({ kind: "echo", text: "b" });
    const first = channel.reply("echo", (r) => r.text);
    const second = channel.reply("stepped");
    assert.equal(await first, "a");
    await assert.rejects(second, /test worker: expected a "stepped" reply, got "echo"/);
  } finally {
    channel.close();
  }
});

Deno.test("a failing worker rejects the pending and later replies instead of hanging", async () => {
  const channel = await open();
  try {
    channel.send({ kind: "boom" });
    // Nobody awaits this reply while the failure arrives: that must not crash the process.
    const pending = channel.reply("echo");
    const picked = channel.reply("echo", (r) => r.text);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await assert.rejects(pending, /test worker: .*boom requested/);
    await assert.rejects(picked, /boom requested/);
    await assert.rejects(channel.reply("echo"), /boom requested/);
  } finally {
    channel.close();
  }
});

Deno.test("transferList gives each buffer once", () => {
  const a = new Float32Array(4);
  const b = new Float32Array(4);
  assert.deepEqual(transferList([a, b, a, a.subarray(1)]), [a.buffer, b.buffer]);
});

Deno.test("a message kind outside the protocol is a type error (deno check fails otherwise)", () => {
  const check = (channel: WorkerChannel<ToEcho, FromEcho>) => {
    // @ts-expect-error: "ecoh" is not a kind of ToEcho
    channel.send({ kind: "ecoh", text: "a" });
    // @ts-expect-error: "echoed" is not a kind of FromEcho
    channel.reply("echoed");
  };
  assert.equal(typeof check, "function");
});

Deno.test("after a failed request the worker answers no later one: the failure, not the next reply, reaches the waiter", async () => {
  const channel = await open();
  try {
    channel.send({ kind: "boom" });
    channel.send({ kind: "echo", text: "b" });
    await assert.rejects(channel.reply("echo", (r) => r.text), /boom requested/);
    await assert.rejects(channel.reply("echo"), /boom requested/);
  } finally {
    channel.close();
  }
});
