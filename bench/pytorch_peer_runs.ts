/**
 * Running the PyTorch peer (bench/pytorch_peer.py) in each thread setting worth trying on a
 * 2-core machine: torch's own threads 1 or 2 × OpenBLAS' threads 1 or 2. A peer is compared
 * in its best setting, never its default alone: with torch at 2 threads its OpenMP pool and
 * OpenBLAS' threads fight over the two cores.
 *
 * PyTorch comes from Debian (`python3-torch`, on the same OpenBLAS as the native engine) and
 * runs under Debian's own Python, /usr/bin/python3: a `python3` earlier on PATH (pyenv, a
 * virtual environment) does not see Debian's packages.
 */
import { fileURLToPath } from "node:url";
import { measureChild } from "./measured_child.ts";
import { parsePeerOutput } from "./pytorch_peer_output.ts";
import type { PeerMeasured } from "./bench_table.ts";

/** Debian's Python, the one python3-torch installs into. */
export const DEBIAN_PYTHON = "/usr/bin/python3";

/** The peer's script. */
export const PEER_SCRIPT = fileURLToPath(new URL("./pytorch_peer.py", import.meta.url));

/** The thread settings tried: [torch threads, OpenBLAS threads]. */
export const PEER_THREADS: readonly (readonly [number, number])[] = [[1, 1], [1, 2], [2, 1], [2, 2]];

/** The line printed instead of PyTorch's rows when it is not installed. */
export const PEER_MISSING_LINE =
  "pytorch: not measured: Debian's python3-torch is not installed (apt-get install -y python3-torch)";

/** Whether Debian's Python can import torch. */
export async function pytorchInstalled(): Promise<boolean> {
  try {
    const probe = await new Deno.Command(DEBIAN_PYTHON, {
      args: ["-c", "import torch"],
      stdout: "null",
      stderr: "null",
    }).output();
    return probe.success;
  } catch {
    return false; // no /usr/bin/python3 at all
  }
}

/** What to train on: the mnist artifact's training images, how many epochs, and optionally fewer images. */
export interface PeerPlan {
  imagesPath: string;
  epochs: number;
  /** Train on the first `limit` images only (every image when absent). */
  limit?: number;
}

/**
 * Trains the peer once in each of {@link PEER_THREADS}, one process at a time; a setting that
 * fails is kept with its last stderr line, and the others still run.
 */
export async function measurePeer(plan: PeerPlan, log: (line: string) => void): Promise<PeerMeasured[]> {
  const measured: PeerMeasured[] = [];
  for (const [torchThreads, blasThreads] of PEER_THREADS) {
    const args = [
      PEER_SCRIPT,
      ...["--images", plan.imagesPath, "--epochs", String(plan.epochs)],
      ...["--torch-threads", String(torchThreads), "--blas-threads", String(blasThreads)],
      ...(plan.limit === undefined ? [] : ["--limit", String(plan.limit)]),
    ];
    const run = await measureChild(DEBIAN_PYTHON, args, { stderr: "piped" });
    let outcome: PeerMeasured["outcome"];
    if (!run.success) {
      outcome = { failed: run.stderr.trim().split("\n").at(-1) ?? "exit status not 0" };
    } else {
      try {
        outcome = parsePeerOutput(run.stdout, "bench/pytorch_peer.py");
      } catch (e) {
        outcome = { failed: (e as Error).message };
      }
    }
    const label = `pytorch, torch ${torchThreads} / OpenBLAS ${blasThreads} threads`;
    if ("failed" in outcome) log(`${label}: failed: ${outcome.failed}`);
    else {
      outcome.samplesPerSecond.forEach((rate, i) =>
        log(`${label}: epoch ${i + 1}: ${rate.toFixed(0)} samples/s, loss ${outcome.losses[i]!.toFixed(3)}`)
      );
      log(`${label}: peak RSS ${run.peakRssMiB.toFixed(0)} MiB, wall ${run.seconds.toFixed(1)} s`);
    }
    measured.push({ torchThreads, blasThreads, peakRssMiB: run.peakRssMiB, outcome });
  }
  return measured;
}
