/**
 * Training progress for the person at the terminal: a live, redrawn line (epoch, step,
 * samples/s, ETA, running loss) on a terminal; one plain line per epoch otherwise.
 */

/** Where progress goes and whether it may redraw a line. */
export interface ProgressSink {
  live: boolean;
  write: (text: string) => void;
}

/** Standard output: live (redrawn in place) on a terminal, else plain lines through console.log. */
export function stdoutSink(): ProgressSink {
  const encoder = new TextEncoder();
  return Deno.stdout.isTerminal()
    ? { live: true, write: (text) => Deno.stdout.writeSync(encoder.encode(text)) }
    : { live: false, write: (text) => console.log(text.replace(/\n$/, "")) };
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m > 0 ? `${m}m${String(s).padStart(2, "0")}s` : `${s}s`;
}

/** Reports steps within epochs; `epochs` and `stepsPerEpoch` size the bar and the ETA. */
export class ProgressReporter {
  #lastDraw = 0;
  #start = performance.now();
  #stepsDone = 0;

  constructor(
    private readonly sink: ProgressSink,
    private readonly epochs: number,
    private readonly stepsPerEpoch: number,
    private readonly batchSize: number,
  ) {}

  /** After a training step: redraws the live line at most every 100 ms. */
  step(epoch: number, step: number, runningLoss: number): void {
    this.#stepsDone++;
    if (!this.sink.live) return;
    const now = performance.now();
    if (now - this.#lastDraw < 100 && step < this.stepsPerEpoch) return;
    this.#lastDraw = now;
    const seconds = (now - this.#start) / 1000;
    const rate = (this.#stepsDone * this.batchSize) / seconds;
    const remainingSteps = (this.epochs - epoch) * this.stepsPerEpoch + (this.stepsPerEpoch - step);
    const eta = (remainingSteps * this.batchSize) / rate;
    const width = 24;
    const filled = Math.round((step / this.stepsPerEpoch) * width);
    const bar = "#".repeat(filled) + ".".repeat(width - filled);
    this.sink.write(
      `\repoch ${epoch}/${this.epochs} [${bar}] ${step}/${this.stepsPerEpoch}  ${
        rate.toFixed(0)
      } samples/s  ETA ${formatSeconds(eta)}  loss ${runningLoss.toFixed(2)}   `,
    );
  }

  /** At the end of an epoch: one permanent line. */
  epochDone(line: string): void {
    this.sink.write(`${this.sink.live ? "\r\x1b[2K" : ""}${line}\n`);
  }
}
