/**
 * The one table `deno task bench` ends with: what was measured, by which engine (or which
 * PyTorch thread setting), the figure and the child process' peak RSS, as Markdown with
 * aligned columns. PyTorch's configurations are compared by their best epoch and the best
 * one is marked, as is how native's best epoch compares with it.
 */
import type { PeerRun } from "./pytorch_peer_output.ts";

/** One row: `measured` is left blank where it repeats the row above. */
export interface BenchRow {
  measured: string;
  by: string;
  figure: string;
  /** Peak RSS of the process that did it, MiB; absent where one process did several things. */
  peakRssMiB?: number;
}

/** One PyTorch configuration as the bench ran it: its threads, its run or why it failed. */
export interface PeerMeasured {
  torchThreads: number;
  blasThreads: number;
  peakRssMiB: number;
  outcome: PeerRun | { failed: string };
}

const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/**
 * Each epoch's samples/s joined by arrows, and the best of them.
 *
 * @example
 * ```ts
 * import { epochsFigure } from "./bench_table.ts";
 * epochsFigure([13257.4, 14298]); // "13,257 → 14,298 samples/s (best 14,298)"
 * ```
 */
export function epochsFigure(samplesPerSecond: number[]): string {
  return `${samplesPerSecond.map((s) => whole.format(s)).join(" → ")} samples/s (best ${
    whole.format(Math.max(...samplesPerSecond))
  })`;
}

/** The label of a PyTorch configuration, e.g. "PyTorch 1.13.1, torch 1 / OpenBLAS 2 threads". */
export function peerLabel(peer: PeerMeasured): string {
  const version = "torch" in peer.outcome ? ` ${peer.outcome.torch}` : "";
  return `PyTorch${version}, torch ${peer.torchThreads} / OpenBLAS ${peer.blasThreads} threads`;
}

/**
 * The configuration whose best epoch is fastest, or undefined when none ran.
 *
 * @example
 * ```ts
 * import { bestPeer } from "./bench_table.ts";
 * const run = (s: number) => ({ torch: "1.13.1", torchThreads: 1, blasThreads: 2, samplesPerSecond: [s], losses: [] });
 * bestPeer([
 *   { torchThreads: 2, blasThreads: 2, peakRssMiB: 500, outcome: run(4500) },
 *   { torchThreads: 1, blasThreads: 2, peakRssMiB: 500, outcome: run(15000) },
 * ])?.torchThreads; // 1
 * ```
 */
export function bestPeer(peers: PeerMeasured[]): PeerMeasured | undefined {
  let best: PeerMeasured | undefined;
  let bestRate = -Infinity;
  for (const peer of peers) {
    if (!("samplesPerSecond" in peer.outcome)) continue;
    const rate = Math.max(...peer.outcome.samplesPerSecond);
    if (rate > bestRate) [best, bestRate] = [peer, rate];
  }
  return best;
}

/**
 * The training rows of PyTorch's configurations, the best marked, then (given native's epochs)
 * a row with native's best epoch as a multiple of PyTorch's best.
 */
export function peerRows(peers: PeerMeasured[], nativeSamplesPerSecond?: number[]): BenchRow[] {
  const best = bestPeer(peers);
  const rows: BenchRow[] = peers.map((peer) => ({
    measured: "train",
    by: `${peerLabel(peer)}${peer === best ? " (PyTorch's best)" : ""}`,
    figure: "failed" in peer.outcome
      ? `failed: ${peer.outcome.failed}`
      : epochsFigure(peer.outcome.samplesPerSecond),
    peakRssMiB: "failed" in peer.outcome ? undefined : peer.peakRssMiB,
  }));
  if (best && "samplesPerSecond" in best.outcome && nativeSamplesPerSecond?.length) {
    const ratio = Math.max(...nativeSamplesPerSecond) / Math.max(...best.outcome.samplesPerSecond);
    rows.push({
      measured: "train",
      by: "native ÷ PyTorch's best",
      figure: `${ratio.toFixed(2)}× (best epochs)`,
    });
  }
  return rows;
}

/**
 * The rows as a Markdown table with padded columns; a `measured` equal to the row above's is
 * left blank, and a missing peak RSS is shown as "–".
 *
 * @example
 * ```ts
 * import { markdownTable } from "./bench_table.ts";
 * markdownTable([{ measured: "evaluate", by: "wasm", figure: "21.4 s", peakRssMiB: 511 }]).split("\n")[2];
 * // "| evaluate | wasm   | 21.4 s | 511 MiB  |"
 * ```
 */
export function markdownTable(rows: BenchRow[]): string {
  const cells = [
    ["measured", "engine", "figure", "peak RSS"],
    ...rows.map((row, i) => [
      i > 0 && rows[i - 1]!.measured === row.measured ? "" : row.measured,
      row.by,
      row.figure,
      row.peakRssMiB === undefined ? "–" : `${whole.format(row.peakRssMiB)} MiB`,
    ]),
  ];
  const widths = cells[0]!.map((_, column) => Math.max(3, ...cells.map((r) => r[column]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
  return [line(cells[0]!), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...cells.slice(1).map(line)]
    .join("\n");
}
