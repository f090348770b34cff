/**
 * Requests to a Web Worker and its replies, typed by one protocol module per worker pair: a
 * discriminated union of the messages each way, shared by both ends, so a misspelt kind is a
 * type error. Replies come back in the order of the requests; every reply names its kind,
 * and a reply of another kind than the one awaited is an error, so a worker that fell out of
 * step cannot hand one request's answer to another. When the worker fails (an uncaught
 * error, a reply that cannot be read), every pending and later reply rejects with that
 * error: nothing waits for ever.
 */

/** A message of a worker protocol: its kind, then the payload. */
export interface Message {
  kind: string;
}

/** The member of the union `M` whose kind is `K`. */
export type OfKind<M extends Message, K extends M["kind"]> = Extract<M, { kind: K }>;

/** The main thread's end of a worker that takes `Request`s and sends `Reply`s. */
export interface WorkerChannel<Request extends Message, Reply extends Message> {
  /** Posts `message`, transferring the buffers of `arrays` (each buffer once). */
  send(message: Request, arrays?: ArrayBufferView[]): void;
  /**
   * The next reply, which must be of kind `kind`, or what `pick` takes from it. The promise
   * counts as handled from the start, so a failure that arrives before anyone awaits it does
   * not crash the process; awaiting it still throws. (Map with `pick`, not with `.then()`:
   * a derived promise would not count as handled.)
   */
  reply<K extends Reply["kind"], R = OfKind<Reply, K>>(
    kind: K,
    pick?: (reply: OfKind<Reply, K>) => R,
  ): Promise<R>;
  close(): void;
}

/** The distinct buffers of `arrays`, as postMessage's transfer list wants them. */
export function transferList(arrays: ArrayBufferView[]): ArrayBuffer[] {
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

/** Starts the module worker at `url`; `name` starts its error messages. */
export function openWorkerChannel<Request extends Message, Reply extends Message>(
  url: URL,
  name: string,
): WorkerChannel<Request, Reply> {
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
    reply<K extends Reply["kind"], R = OfKind<Reply, K>>(
      kind: K,
      pick?: (reply: OfKind<Reply, K>) => R,
    ): Promise<R> {
      const next = failure
        ? Promise.reject(failure)
        : inbox.length > 0
        ? Promise.resolve(inbox.shift()!)
        : new Promise<Reply>((resolve, reject) => waiting.push({ resolve, reject }));
      const checked = next.then((reply) => {
        if (reply.kind !== kind) throw new Error(`${name}: expected a "${kind}" reply, got "${reply.kind}"`);
        return pick ? pick(reply as OfKind<Reply, K>) : (reply as unknown as R);
      });
      checked.catch(() => {});
      return checked;
    },
    close() {
      worker.terminate();
    },
  };
}

/** The worker's own end: takes `Request`s, sends `Reply`s. */
export interface WorkerEnd<Request extends Message, Reply extends Message> {
  /**
   * Handles every request with `handler`, one at a time and in order, even when it is async.
   * Call it on the module's first line: Deno drops messages that arrive before a worker
   * listens.
   */
  listen(handler: (request: Request) => void | Promise<void>): void;
  /** Sends `message`, transferring the buffers of `arrays` (each buffer once). */
  reply(message: Reply, arrays?: ArrayBufferView[]): void;
}

/** The end of the worker this module runs in. */
export function workerEnd<Request extends Message, Reply extends Message>(): WorkerEnd<Request, Reply> {
  const port = self as unknown as Worker;
  return {
    listen(handler) {
      let previous: Promise<void> = Promise.resolve();
      let failed = false;
      port.onmessage = (e: MessageEvent<Request>) => {
        // Chained, so that an async handler never overlaps the next. After a failure nothing
        // more is handled or answered: the error leaves the worker at once (as an uncaught
        // error, which the main thread's channel turns into a rejection of every pending
        // reply), and no later request's reply can stand in for the failed one's.
        previous = previous.then(async () => {
          if (failed) return;
          try {
            await handler(e.data);
          } catch (error) {
            failed = true;
            queueMicrotask(() => {
              throw error;
            });
          }
        });
      };
    },
    reply(message, arrays = []) {
      port.postMessage(message, transferList(arrays));
    },
  };
}
