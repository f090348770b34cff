/**
 * Turns of the event loop for long synchronous computations. A Deno signal listener (the
 * SIGINT/SIGTERM handler of lib/core/cli/interrupts.ts) runs only when the event loop polls, and
 * awaiting an already-settled promise never lets it: a computation that does not give the loop a
 * macrotask turn now and then cannot be interrupted. A turn changes no result, only when the
 * loop may run.
 */

/**
 * Resolves after a turn of the event loop in which pending signals, I/O and timers are handled:
 * a timer, ~2.4 ms here (a loaded 2-core machine), during which the runtime parks and polls its
 * I/O driver, where signals arrive. Measured on the train and evaluate stages: turns that
 * resolve without parking (a MessageChannel message, ~0.06 ms; hashing no bytes on another
 * thread, ~0.1 ms) let a SIGINT wait up to ~6 s, until the runtime polled the driver on its own.
 *
 * @example
 * ```ts
 * await macrotaskTurn();
 * ```
 */
export async function macrotaskTurn(): Promise<void> {
  // Never resolved once the process ends: see haltComputations().
  if (halted) return await new Promise(() => {});
  await new Promise((resolve) => setTimeout(resolve, 0));
}

let halted = false;

/**
 * Stops every computation at its next turn: from now on {@link macrotaskTurn} never resolves.
 * For a process that is ending (an interrupt handler writing its record before it exits): the
 * handler's reads and writes then do not wait for the computation's turns.
 */
export function haltComputations(): void {
  halted = true;
}

/**
 * How long a computation runs between two turns: a signal waits at most about this long, and a
 * turn (~2.4 ms) costs about 1 % of the time.
 */
export const TURN_INTERVAL_MS = 250;

/**
 * A function to await inside a long loop: it gives the event loop a turn when
 * {@link TURN_INTERVAL_MS} have passed since the last one, else returns at once (a clock read).
 *
 * @example
 * ```ts
 * const turnIfDue = turnsEvery();
 * for (let i = 0; i < 3; i++) await turnIfDue();
 * ```
 */
export function turnsEvery(intervalMs: number = TURN_INTERVAL_MS): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < intervalMs) return;
    await macrotaskTurn();
    last = performance.now();
  };
}
