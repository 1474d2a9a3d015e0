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
   * subscription does any work; `holdUntilDone` gives the slot back.
   */
  take(): void {
    if (this.open >= this.limit) {
      this.metrics.rejected('subscriptions_per_connection');
      throw new TRPCError({
        code: 'TOO_MANY_REQUESTS',
        message: `Too many subscriptions on this connection: at most ${this.limit}`,
      });
    }
    this.open += 1;
  }

  /** Gives back a slot taken with `take`. */
  release(): void {
    this.open -= 1;
  }
}

/**
 * `iterable`, giving its slot back to `slots` when iteration ends: done,
 * thrown, or returned early. One promise step per event, no extra generator
 * layer, and no closures of its own per subscription.
 */
export function holdUntilDone<T>(iterable: AsyncIterable<T>, slots: SubscriptionSlots): AsyncIterable<T> {
  return new SlotHoldingIterator(iterable[Symbol.asyncIterator](), slots);
}

class SlotHoldingIterator<T> implements AsyncIterableIterator<T> {
  private held = true;

  constructor(
    private readonly iterator: AsyncIterator<T>,
    private readonly slots: SubscriptionSlots,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    return this.iterator.next().then(this.settle, this.fail);
  }

  async return(value?: unknown): Promise<IteratorResult<T>> {
    try {
      return this.iterator.return ? await this.iterator.return(value) : { done: true, value: undefined };
    } finally {
      this.release();
    }
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    try {
      if (!this.iterator.throw) throw error;
      return this.settle(await this.iterator.throw(error));
    } catch (thrown) {
      return this.fail(thrown);
    }
  }

  private readonly settle = (result: IteratorResult<T>): IteratorResult<T> => {
    if (result.done) this.release();
    return result;
  };

  private readonly fail = (error: unknown): never => {
    this.release();
    throw error;
  };

  private release(): void {
    if (!this.held) return;
    this.held = false;
    this.slots.release();
  }
}
