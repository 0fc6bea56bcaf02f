// Groups a stream into batches, and prefetches: keeps the next items being
// prepared while the consumer works on the current one (a training step that
// awaits the backend leaves the event loop free for the producer).

export interface BatchOptions {
  /** Drop a last batch smaller than `size` (default false). */
  dropRemainder?: boolean;
}

export async function* batch<T>(items: AsyncIterable<T>, size: number, options: BatchOptions = {}): AsyncGenerator<T[]> {
  const n = Math.max(1, Math.floor(size));
  let current: T[] = [];
  for await (const item of items) {
    current.push(item);
    if (current.length === n) {
      yield current;
      current = [];
    }
  }
  if (current.length > 0 && !options.dropRemainder) yield current;
}

/**
 * Pulls up to `depth` items ahead of the consumer. Requests are chained, so
 * the source sees one `next()` at a time, in order, as a plain loop would.
 * Stopping early (break) closes the source.
 */
export function prefetch<T>(source: AsyncIterable<T>, depth = 1): AsyncIterable<T> {
  const ahead = Math.max(1, Math.floor(depth));
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const it = source[Symbol.asyncIterator]();
      const queue: Promise<IteratorResult<T>>[] = [];
      let finished = false;
      let tail: Promise<IteratorResult<T>> | undefined;
      const fill = (): void => {
        while (!finished && queue.length < ahead) {
          const previous = tail;
          const next: Promise<IteratorResult<T>> = previous ? previous.then((r) => (r.done ? r : it.next())) : it.next();
          // A failure is seen by whoever awaits this item; the queue itself must
          // not report it a second time as an unhandled rejection.
          next.catch(() => undefined);
          next.then(
            (r) => {
              if (r.done) finished = true;
            },
            () => {
              finished = true;
            },
          );
          queue.push(next);
          tail = next;
        }
      };
      return {
        async next(): Promise<IteratorResult<T>> {
          fill();
          const item = queue.shift();
          if (!item) return { done: true, value: undefined };
          const result = await item;
          fill();
          return result;
        },
        async return(): Promise<IteratorResult<T>> {
          finished = true;
          queue.length = 0;
          // Let the request in flight settle before closing the source.
          if (tail) await tail.catch(() => undefined);
          await it.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
}
