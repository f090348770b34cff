import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { openWorkerChannel, transferList } from "../../lib/runtime/worker_channel.ts";
import { tempDir } from "../_helpers.ts";

/** A worker that answers "echo" with its text, and throws on "boom". */
async function testWorker(): Promise<URL> {
  const path = join(await tempDir(), "worker.ts");
  await Deno.writeTextFile(
    path,
    `self.onmessage = (e) => {
  if (e.data.kind === "boom") throw new Error("boom requested");
  self.postMessage({ kind: "echo", text: e.data.text });
};
`,
  );
  return pathToFileURL(path);
}

Deno.test("replies come back in the order of the requests, each checked for its kind", async () => {
  const channel = openWorkerChannel(await testWorker(), "test worker");
  try {
    for (const text of ["a", "b"]) channel.send({ kind: "echo", text });
    const first = channel.reply<{ kind: "echo"; text: string }, string>("echo", (r) => r.text);
    const second = channel.reply("stepped");
    assert.equal(await first, "a");
    await assert.rejects(second, /test worker: expected a "stepped" reply, got "echo"/);
  } finally {
    channel.close();
  }
});

Deno.test("a failing worker rejects the pending and later replies instead of hanging", async () => {
  const channel = openWorkerChannel(await testWorker(), "test worker");
  try {
    channel.send({ kind: "boom" });
    // Nobody awaits this reply while the failure arrives: that must not crash the process.
    const pending = channel.reply("echo");
    const picked = channel.reply<{ kind: "echo"; text: string }, string>("echo", (r) => r.text);
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
