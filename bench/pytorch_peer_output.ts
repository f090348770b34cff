/**
 * Reading what bench/pytorch_peer.py prints: one JSON object per line, first its configuration,
 * then one per epoch. Each line is checked against its shape, so a changed or broken peer is
 * reported with the line that was wrong instead of turning into a wrong figure.
 */
import { z } from "zod";

const ConfigLine = z.strictObject({
  kind: z.literal("config"),
  torch: z.string(),
  torch_threads: z.int().positive(),
  blas_threads: z.int().positive(),
  images: z.int().positive(),
  batch: z.int().positive(),
});

const EpochLine = z.strictObject({
  kind: z.literal("epoch"),
  epoch: z.int().positive(),
  seconds: z.number().positive(),
  samples_per_second: z.number().positive(),
  loss: z.number(),
});

const PeerLine = z.discriminatedUnion("kind", [ConfigLine, EpochLine]);

/** One training run of the PyTorch peer: its configuration and each epoch's throughput. */
export interface PeerRun {
  /** torch.__version__, e.g. "1.13.1". */
  torch: string;
  /** torch.set_num_threads, as torch.get_num_threads() reported it back. */
  torchThreads: number;
  /** OPENBLAS_NUM_THREADS. */
  blasThreads: number;
  /** Samples per second of epochs 1, 2, … (epoch 1 includes the warm-up). */
  samplesPerSecond: number[];
  /** The mean training loss of each epoch (nats per image), a check that it learned. */
  losses: number[];
}

/**
 * The run described by the peer's stdout `text`; `source` names it in errors. Throws a
 * SyntaxError naming the line when a line is not JSON or not of a known shape, when the
 * configuration line is missing or not first, or when epochs are missing or out of order.
 *
 * @example
 * ```ts
 * import { parsePeerOutput } from "./pytorch_peer_output.ts";
 * const run = parsePeerOutput(
 *   '{"kind":"config","torch":"1.13.1","torch_threads":1,"blas_threads":2,"images":60000,"batch":128}\n' +
 *     '{"kind":"epoch","epoch":1,"seconds":4,"samples_per_second":15000,"loss":180.5}\n',
 *   "pytorch_peer.py",
 * );
 * run.samplesPerSecond; // [15000]
 * ```
 */
export function parsePeerOutput(text: string, source: string): PeerRun {
  const lines = text.split("\n").map((line, i) => ({ line: line.trim(), number: i + 1 })).filter((l) =>
    l.line !== ""
  );
  let run: PeerRun | undefined;
  for (const { line, number } of lines) {
    const where = `${source}, line ${number}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new SyntaxError(`${where}: not a JSON line: ${line.slice(0, 80)}`);
    }
    const parsed = PeerLine.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new SyntaxError(
        `${where}: ${issue.path.join(".") || "the line"}: ${issue.message} (expected a config or epoch line)`,
      );
    }
    const value = parsed.data;
    if (value.kind === "config") {
      if (run) throw new SyntaxError(`${where}: a second config line`);
      run = {
        torch: value.torch,
        torchThreads: value.torch_threads,
        blasThreads: value.blas_threads,
        samplesPerSecond: [],
        losses: [],
      };
    } else {
      if (!run) throw new SyntaxError(`${where}: an epoch line before the config line`);
      const expected = run.samplesPerSecond.length + 1;
      if (value.epoch !== expected) {
        throw new SyntaxError(`${where}: epoch ${value.epoch} where epoch ${expected} was expected`);
      }
      run.samplesPerSecond.push(value.samples_per_second);
      run.losses.push(value.loss);
    }
  }
  if (!run) throw new SyntaxError(`${source}: no config line in its output`);
  if (run.samplesPerSecond.length === 0) throw new SyntaxError(`${source}: no epoch line in its output`);
  return run;
}
