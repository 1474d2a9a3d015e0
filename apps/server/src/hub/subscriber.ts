import type { NotificationEvent } from '@livebell/shared';

/** The close reason of a subscriber that fell too far behind. */
export const QUEUE_OVERFLOW = 'queue overflow';

export interface QueuedEvent {
  position: string;
  event: NotificationEvent;
}

/**
 * One live subscription's inbox. The hub delivers into it; the subscription
 * drains it. It holds at most `limit` events: one more closes the subscriber
 * and calls `onOverflow` (which drops the client's connection so that it
 * resumes from its last event id) instead of growing memory.
 */
export class Subscriber {
  private queue: QueuedEvent[] = [];
  private wake: (() => void) | null = null;
  private closedBecause: string | null = null;

  constructor(
    readonly userId: string,
    private readonly limit: number,
    private readonly onOverflow: () => void,
  ) {}

  get closed(): boolean {
    return this.closedBecause !== null;
  }

  get closeReason(): string | null {
    return this.closedBecause;
  }

  get queued(): number {
    return this.queue.length;
  }

  deliver(item: QueuedEvent): void {
    if (this.closed) return;
    if (this.queue.length >= this.limit) {
      this.close(QUEUE_OVERFLOW);
      this.onOverflow();
      return;
    }
    this.queue.push(item);
    this.wakeUp();
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closedBecause = reason;
    this.queue = [];
    this.wakeUp();
  }

  /**
   * The oldest queued event; undefined when none is queued (see `waitForEvent`);
   * null once the subscriber is closed. Synchronous, so a reader that drains a
   * backlog makes no promise per event.
   */
  take(): QueuedEvent | null | undefined {
    if (this.closed) return null;
    return this.queue.shift();
  }

  /** Resolves once an event is queued or the subscriber is closed (at once if either is already so). */
  waitForEvent(): Promise<void> {
    if (this.closed || this.queue.length > 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.wake = resolve;
    });
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
