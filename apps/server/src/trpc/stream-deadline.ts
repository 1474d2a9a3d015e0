// A stream that ends at a deadline. Over SSE a subscription is one HTTP
// response authenticated once, like a WebSocket; it must not outlive the
// token it was opened with, so at the token's expiry it ends with an error
// (the counterpart of the WebSocket's close 4401).

/** setTimeout's longest delay; a later deadline is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * `iterable`, ended at `deadline` (epoch ms): the pending or next `next()`
 * rejects with `error()`, and the source is told to return so that it frees
 * what it holds.
 */
export function endAtDeadline<T>(iterable: AsyncIterable<T>, deadline: number, error: () => Error): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const iterator = iterable[Symbol.asyncIterator]();
      let timer: NodeJS.Timeout | undefined;
      let ended = false;
      const expired = new Promise<never>((_, reject) => {
        const wait = () => {
          const remaining = deadline - Date.now();
          if (remaining <= 0) {
            ended = true;
            reject(error());
            // The source may be suspended waiting for its next value: it returns once it gets one or
            // its request is aborted, and nothing waits for that.
            void iterator.return?.();
            return;
          }
          timer = setTimeout(wait, Math.min(remaining, MAX_TIMER_MS));
          timer.unref();
        };
        wait();
      });
      // Observed by every race below; this only keeps an unraced expiry from counting as unhandled.
      expired.catch(() => undefined);
      return {
        next: () => Promise.race([iterator.next(), expired]),
        return: async (value?: unknown) => {
          clearTimeout(timer);
          if (ended || !iterator.return) return { done: true, value: undefined };
          return iterator.return(value);
        },
      };
    },
  };
}
