// The open subscriptions of one connection, counted against a limit. Each
// subscription holds a slot from the moment it is accepted until its stream
// ends, however it ends (the client stops it, the socket closes, the stream
// finishes or fails), so a client can never hold more than the limit at once.
import { TRPCError } from '@trpc/server';
import type { Metrics } from '../metrics/metrics.js';

export class SubscriptionSlots {
  private open = 0;

  constructor(
    private readonly limit: number,
    private readonly metrics: Pick<Metrics, 'rejected'>,
  ) {}

  /**
   * Takes a slot or refuses with TOO_MANY_REQUESTS. Call it before the
   * subscription does any work; hand the slot back with the returned release
   * (idempotent) or let `holdUntilDone` do it.
   */
  take(): () => void {
    if (this.open >= this.limit) {
      this.metrics.rejected('subscriptions_per_connection');
      throw new TRPCError({
        code: 'TOO_MANY_REQUESTS',
        message: `Too many subscriptions on this connection: at most ${this.limit}`,
      });
    }
    this.open += 1;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.open -= 1;
    };
  }
}

/**
 * `iterable`, releasing its slot when iteration ends: done, thrown, or
 * returned early. One promise step per event, no extra generator layer.
 */
export function holdUntilDone<T>(iterable: AsyncIterable<T>, release: () => void): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const iterator = iterable[Symbol.asyncIterator]();
      const settle = (result: IteratorResult<T>) => {
        if (result.done) release();
        return result;
      };
      const fail = (error: unknown): never => {
        release();
        throw error;
      };
      return {
        next: () => iterator.next().then(settle, fail),
        return: async (value?: unknown) => {
          try {
            return iterator.return ? await iterator.return(value) : { done: true, value: undefined };
          } finally {
            release();
          }
        },
        throw: async (error?: unknown) => {
          try {
            if (!iterator.throw) throw error;
            return settle(await iterator.throw(error));
          } catch (thrown) {
            return fail(thrown);
          }
        },
      };
    },
  };
}
