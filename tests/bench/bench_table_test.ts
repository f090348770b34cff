// The bench's closing table: aligned Markdown rows, PyTorch's fastest thread setting marked, native set against it.
import assert from "node:assert/strict";
import {
  bestPeer,
  epochsFigure,
  markdownTable,
  type PeerMeasured,
  peerRows,
} from "../../bench/bench_table.ts";

const peer = (torchThreads: number, blasThreads: number, rates: number[]): PeerMeasured => ({
  torchThreads,
  blasThreads,
  peakRssMiB: 360.4,
  outcome: {
    torch: "1.13.0a0",
    torchThreads,
    blasThreads,
    samplesPerSecond: rates,
    losses: rates.map(() => 160),
  },
});

Deno.test("epochsFigure() lists each epoch and names the best, not the last", () => {
  assert.equal(epochsFigure([15100.4, 14999.6]), "15,100 → 15,000 samples/s (best 15,100)");
});

Deno.test("bestPeer() picks the setting with the fastest epoch and passes over failed ones", () => {
  const peers = [
    peer(1, 1, [9000, 11000]),
    peer(1, 2, [13000, 12500]),
    { torchThreads: 2, blasThreads: 2, peakRssMiB: 0, outcome: { failed: "Killed" } },
  ];
  assert.equal(bestPeer(peers), peers[1]);
  assert.equal(bestPeer([peers[2]!]), undefined);
});

Deno.test("peerRows() marks only PyTorch's best setting and sets native's best epoch against it", () => {
  const rows = peerRows([peer(1, 2, [13000, 15000]), peer(2, 2, [4500, 4400])], [25000, 30000]);
  assert.deepEqual(rows.map((r) => r.by), [
    "PyTorch 1.13.0a0, torch 1 / OpenBLAS 2 threads (PyTorch's best)",
    "PyTorch 1.13.0a0, torch 2 / OpenBLAS 2 threads",
    "native ÷ PyTorch's best",
  ]);
  assert.equal(rows[2]!.figure, "2.00× (best epochs)");
});

Deno.test("peerRows() shows a failed setting's reason and no ratio when every setting failed", () => {
  const rows = peerRows(
    [{ torchThreads: 2, blasThreads: 1, peakRssMiB: 12, outcome: { failed: "Killed" } }],
    [
      30000,
    ],
  );
  assert.deepEqual(rows, [{
    measured: "train",
    by: "PyTorch, torch 2 / OpenBLAS 1 threads",
    figure: "failed: Killed",
    peakRssMiB: undefined,
  }]);
});

Deno.test("markdownTable() pads every column to its widest cell and blanks a repeated 'measured'", () => {
  const table = markdownTable([
    { measured: "train", by: "native", figure: "30,000 samples/s", peakRssMiB: 486.4 },
    { measured: "train", by: "wasm", figure: "6,982 samples/s", peakRssMiB: 726 },
    { measured: "sgemm share", by: "native", figure: "71%" },
  ]);
  assert.equal(
    table,
    [
      "| measured    | engine | figure           | peak RSS |",
      "| ----------- | ------ | ---------------- | -------- |",
      "| train       | native | 30,000 samples/s | 486 MiB  |",
      "|             | wasm   | 6,982 samples/s  | 726 MiB  |",
      "| sgemm share | native | 71%              | –        |",
    ].join("\n"),
  );
});
