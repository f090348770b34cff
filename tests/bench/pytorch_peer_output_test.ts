// parsePeerOutput() turns the PyTorch peer's JSON lines into a run and names the line of any it cannot use.
import assert from "node:assert/strict";
import { parsePeerOutput } from "../../bench/pytorch_peer_output.ts";

const CONFIG =
  '{"kind": "config", "torch": "1.13.0a0", "torch_threads": 1, "blas_threads": 2, "images": 60000, ' +
  '"batch": 128}';
const epoch = (n: number, rate: number) =>
  `{"kind": "epoch", "epoch": ${n}, "seconds": ${
    60000 / rate
  }, "samples_per_second": ${rate}, "loss": 161.2}`;

Deno.test("parsePeerOutput() reads the configuration and every epoch's samples/s in order", () => {
  const run = parsePeerOutput([CONFIG, epoch(1, 13000.5), epoch(2, 15000), ""].join("\n"), "peer");
  assert.deepEqual(run, {
    torch: "1.13.0a0",
    torchThreads: 1,
    blasThreads: 2,
    samplesPerSecond: [13000.5, 15000],
    losses: [161.2, 161.2],
  });
});

Deno.test("parsePeerOutput() names the line that is not JSON", () => {
  assert.throws(
    () => parsePeerOutput([CONFIG, "Traceback (most recent call last):"].join("\n"), "peer"),
    (e) => e instanceof SyntaxError && /^peer, line 2: not a JSON line: Traceback/.test(e.message),
  );
});

Deno.test("parsePeerOutput() refuses an epoch line without its samples/s, naming the field", () => {
  assert.throws(
    () =>
      parsePeerOutput([CONFIG, '{"kind": "epoch", "epoch": 1, "seconds": 4, "loss": 1}'].join("\n"), "peer"),
    /^SyntaxError: peer, line 2: samples_per_second: /,
  );
});

Deno.test("parsePeerOutput() refuses an epoch before the configuration, a skipped epoch and a second config", () => {
  assert.throws(() => parsePeerOutput(epoch(1, 100), "peer"), /line 1: an epoch line before the config line/);
  assert.throws(
    () => parsePeerOutput([CONFIG, epoch(1, 100), epoch(3, 100)].join("\n"), "peer"),
    /line 3: epoch 3 where epoch 2 was expected/,
  );
  assert.throws(() => parsePeerOutput([CONFIG, CONFIG].join("\n"), "peer"), /line 2: a second config line/);
});

Deno.test("parsePeerOutput() refuses output with no epoch at all, or nothing", () => {
  assert.throws(() => parsePeerOutput(CONFIG, "peer"), /^SyntaxError: peer: no epoch line in its output$/);
  assert.throws(() => parsePeerOutput("\n", "peer"), /^SyntaxError: peer: no config line in its output$/);
});
