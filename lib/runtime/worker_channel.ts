/**
 * Requests to a Web Worker and its replies, which come back in the order of the requests.
 * Every reply names its kind, and a reply of another kind than the one awaited is an error,
 * so a worker that fell out of step cannot hand one request's answer to another. When the
 * worker fails (an uncaught error, a reply that cannot be read), every pending and later
 * reply rejects with that error: nothing waits for ever.
 */

/** A worker's reply: its kind, then the payload. */
export interface Reply {
  kind: string;
}

/** The main thread's end of a worker. */
export interface WorkerChannel {
  /** Posts `message`, transferring the buffers of `arrays` (each buffer once). */
  send(message: unknown, arrays?: ArrayBufferView[]): void;
  /**
   * The next reply, which must be of kind `kind`, or what `pick` takes from it. The promise
   * counts as handled from the start, so a failure that arrives before anyone awaits it
   * does not crash the process; awaiting it still throws.
   */
  reply<T extends Reply, R = T>(kind: T["kind"], pick?: (reply: T) => R): Promise<R>;
  close(): void;
}

/** The distinct buffers of `arrays`, as postMessage's transfer list wants them. */
export function transferList(arrays: ArrayBufferView[]): ArrayBuffer[] {
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

/** Starts the module worker at `url`; `name` starts its error messages. */
export function openWorkerChannel(url: URL, name: string): WorkerChannel {
  const worker = new Worker(url.href, { type: "module" });
  const inbox: Reply[] = [];
  const waiting: { resolve: (reply: Reply) => void; reject: (error: Error) => void }[] = [];
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    for (const waiter of waiting.splice(0)) waiter.reject(failure);
  };
  worker.onmessage = (e: MessageEvent<Reply>) => {
    const waiter = waiting.shift();
    if (waiter) waiter.resolve(e.data);
    else inbox.push(e.data);
  };
  worker.onerror = (e) => {
    e.preventDefault();
    fail(new Error(`${name}: ${e.message}`));
  };
  worker.onmessageerror = () => fail(new Error(`${name}: a reply could not be read`));
  return {
    send(message, arrays = []) {
      worker.postMessage(message, transferList(arrays));
    },
    reply<T extends Reply, R = T>(kind: T["kind"], pick?: (reply: T) => R): Promise<R> {
      const next = failure
        ? Promise.reject(failure)
        : inbox.length > 0
        ? Promise.resolve(inbox.shift()!)
        : new Promise<Reply>((resolve, reject) => waiting.push({ resolve, reject }));
      const checked = next.then((reply) => {
        if (reply.kind !== kind) throw new Error(`${name}: expected a "${kind}" reply, got "${reply.kind}"`);
        return pick ? pick(reply as T) : (reply as unknown as R);
      });
      checked.catch(() => {});
      return checked;
    },
    close() {
      worker.terminate();
    },
  };
}
