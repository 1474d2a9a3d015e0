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
   * subscription does any work, and `release` once it ends, however it ends.
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
