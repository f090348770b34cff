/**
 * A run interrupted by SIGINT or SIGTERM: the handler that records it, then ends the process
 * with the status a process killed by that signal has.
 */
import { haltComputations } from "../runtime/event_loop_turn.ts";

/** The exit status of a process ended by each signal a run is recorded through: 128 + its number. */
export const INTERRUPT_EXIT_STATUS = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * While `body` runs, SIGINT and SIGTERM (Ctrl-C, kill, a sweep or Slurm stopping the process)
 * are taken by `onInterrupt`, which is given the signal and ends the process; a second signal
 * while it runs ends the process at once.
 */
export async function withInterruptHandler<T>(
  onInterrupt: (signal: keyof typeof INTERRUPT_EXIT_STATUS) => Promise<void>,
  body: () => Promise<T>,
): Promise<T> {
  let ending: Promise<void> | undefined;
  const listeners = (Object.keys(INTERRUPT_EXIT_STATUS) as (keyof typeof INTERRUPT_EXIT_STATUS)[]).map(
    (signal) => {
      const listener = () => {
        if (ending !== undefined) Deno.exit(INTERRUPT_EXIT_STATUS[signal]);
        // The computation stops at its next turn of the event loop, so the handler's I/O
        // runs at once (lib/core/runtime/event_loop_turn.ts).
        haltComputations();
        ending = onInterrupt(signal).finally(() => Deno.exit(INTERRUPT_EXIT_STATUS[signal]));
      };
      Deno.addSignalListener(signal, listener);
      return { signal, listener };
    },
  );
  try {
    return await body();
  } finally {
    // Interrupted, the body's own ending (a record saying "ok" or "failed") must not follow:
    // the process ends with the interrupted record.
    if (ending !== undefined) await ending;
    for (const { signal, listener } of listeners) Deno.removeSignalListener(signal, listener);
  }
}
