import type { NotificationEvent, StreamPosition } from '@livebell/shared';
import type { SubscriberTransport } from './subscriber-transport.js';

/** The close reason of a subscriber that fell too far behind. */
export const QUEUE_OVERFLOW = 'queue overflow';

export interface QueuedEvent {
  position: StreamPosition;
  event: NotificationEvent;
  /** About what the event takes once serialised (see `estimatedEventBytes`). */
  bytes: number;
  /** When its change was committed (ms since the epoch); null for a resync. */
  committedAtMs: number | null;
}

/**
 * One live subscription's inbox. The node delivers into it; the subscription
 * drains it into the transport. Bounded by one limit in bytes, which counts
 * both what waits here and what the transport has not sent: an event that
 * would take the two past `limitBytes` closes the subscriber and calls
 * `onOverflow` (which drops the client's connection so that it resumes from
 * its last event id) instead of growing memory.
 */
export class Subscriber {
  private queue: QueuedEvent[] = [];
  private queuedBytes = 0;
  private wake: (() => void) | null = null;
  private closedBecause: string | null = null;

  constructor(
    readonly userId: string,
    private readonly limitBytes: number,
    /** What its connection holds unsent counts against the limit too. */
    private readonly transport: Pick<SubscriberTransport, 'backlog'>,
    private readonly onOverflow: () => void,
  ) {}

  get closed(): boolean {
    return this.closedBecause !== null;
  }

  get closeReason(): string | null {
    return this.closedBecause;
  }

  /** Events waiting to be taken. */
  get queued(): number {
    return this.queue.length;
  }

  /** Bytes waiting for this subscriber, here and in its transport. */
  get pendingBytes(): number {
    return this.queuedBytes + this.transport.backlog();
  }

  deliver(item: QueuedEvent): void {
    if (this.closed) return;
    if (this.queuedBytes + item.bytes + this.transport.backlog() > this.limitBytes) {
      this.close(QUEUE_OVERFLOW);
      this.onOverflow();
      return;
    }
    this.queue.push(item);
    this.queuedBytes += item.bytes;
    this.wakeUp();
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closedBecause = reason;
    this.queue = [];
    this.queuedBytes = 0;
    this.wakeUp();
  }

  /**
   * The oldest queued event; undefined when none is queued (see `waitForEvent`);
   * null once the subscriber is closed. Synchronous, so a reader that drains a
   * backlog makes no promise per event.
   */
  take(): QueuedEvent | null | undefined {
    if (this.closed) return null;
    const item = this.queue.shift();
    if (item) this.queuedBytes -= item.bytes;
    return item;
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

/** Fixed bytes of a serialised event around its variable fields (ids, dates, keys, tRPC's envelope). */
const EVENT_OVERHEAD_BYTES = 256;

/**
 * About what an event takes once serialised, from its strings' lengths (no
 * serialisation on the delivery path): exact enough to bound memory.
 */
export function estimatedEventBytes(event: NotificationEvent): number {
  if (event.kind !== 'created' && event.kind !== 'updated') return EVENT_OVERHEAD_BYTES;
  const { notification } = event;
  let bytes = EVENT_OVERHEAD_BYTES + notification.userId.length + notification.type.length + notification.title.length;
  if (notification.body !== undefined) bytes += notification.body.length;
  if (notification.link !== undefined) bytes += notification.link.length;
  if (notification.actions !== undefined) bytes += jsonLengthBound(notification.actions);
  if (notification.data !== undefined) bytes += jsonLengthBound(notification.data);
  return bytes;
}

/** The longest a number takes in JSON ("-1.7976931348623157e+308"). */
const NUMBER_MAX_CHARS = 24;

/**
 * About how long `value` is as JSON, read without serialising it: strings and
 * keys by their length plus quotes and separators, numbers at their longest.
 */
function jsonLengthBound(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'number') return NUMBER_MAX_CHARS;
  if (typeof value !== 'object' || value === null) return 5;
  let length = 2;
  if (Array.isArray(value)) {
    for (const item of value) length += jsonLengthBound(item) + 1;
    return length;
  }
  for (const key in value) length += key.length + 4 + jsonLengthBound((value as Record<string, unknown>)[key]);
  return length;
}
