/**
 * What a sweep shows while it runs: one plain line per event (a cell starts, ends, fails)
 * and, on a terminal, a status line kept at the bottom: cells done / running / failed of
 * all, and an ETA from the cells finished so far.
 */

/** Where the display goes. */
export interface ProgressSink {
  isTerminal: boolean;
  write(text: string): void;
}

/**
 * Standard output as a {@link ProgressSink}: raw writes on a terminal (the status line is
 * redrawn in place), console.log lines otherwise.
 */
export function stdoutSink(): ProgressSink {
  const encoder = new TextEncoder();
  const isTerminal = Deno.stdout.isTerminal();
  const write = isTerminal
    ? (text: string) => Deno.stdout.writeSync(encoder.encode(text))
    : (text: string) => console.log(text.replace(/\n$/, ""));
  return { isTerminal, write };
}

function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** The live display of one sweep. */
export class SweepProgress {
  #done = 0;
  #failed = 0;
  #running = 0;
  #secondsFinished = 0;
  #statusShown = false;
  #detail = "";

  constructor(
    private readonly total: number,
    private readonly jobs: number,
    private readonly sink: ProgressSink = stdoutSink(),
  ) {}

  /** Cells done (ok), failed and running so far. */
  counts(): { done: number; failed: number; running: number } {
    return { done: this.#done, failed: this.#failed, running: this.#running };
  }

  /** The status line: counts and the ETA of the cells not finished. */
  status(): string {
    const finished = this.#done + this.#failed;
    const left = this.total - finished;
    const eta = finished === 0 || left === 0
      ? ""
      : `, ETA ${duration((this.#secondsFinished / finished) * Math.ceil(left / this.jobs))}`;
    const detail = this.#detail ? `; ${this.#detail}` : "";
    return `cells ${this.#done} done, ${this.#running} running, ${this.#failed} failed of ${this.total}${eta}${detail}`;
  }

  /** Prints one event line (and the status line below it on a terminal). */
  event(line: string): void {
    if (this.sink.isTerminal) {
      this.sink.write(`${this.#statusShown ? "\r\x1b[K" : ""}${line}\n${this.status()}`);
      this.#statusShown = true;
    } else {
      this.sink.write(`${line}\n`);
    }
  }

  /**
   * Sets what the status line adds (e.g. the Slurm queue): redrawn on a terminal, one plain
   * line otherwise, only when it changed.
   */
  detail(text: string): void {
    if (text === this.#detail) return;
    this.#detail = text;
    if (this.sink.isTerminal) {
      this.sink.write(`${this.#statusShown ? "\r\x1b[K" : ""}${this.status()}`);
      this.#statusShown = true;
    } else {
      this.sink.write(`${text}\n`);
    }
  }

  /** A cell started. */
  started(label: string): void {
    this.#running++;
    this.event(`start ${label}`);
  }

  /** A cell ended after `seconds`; `line` says how. */
  finished(ok: boolean, seconds: number, line: string): void {
    this.#running--;
    if (ok) this.#done++;
    else this.#failed++;
    this.#secondsFinished += seconds;
    this.event(line);
  }

  /** Ends the display (a final newline after the status line on a terminal). */
  close(): void {
    if (this.sink.isTerminal && this.#statusShown) this.sink.write("\n");
    this.#statusShown = false;
  }
}
