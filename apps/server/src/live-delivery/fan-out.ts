// The in-memory fan-out of one node: the change stream feeds it, in stream
// order and synchronously; it keeps the replay window and the unread counts
// of the users it serves, and delivers each change, with the user's count as
// of that change, to that user's local subscribers.
import type { StreamPosition } from '@livebell/shared';
import type { Logger } from '../logger.js';
import { inputPosition, type StreamInput } from './change-event.js';
import { withUnreadCount, type PositionedChange } from './notification-change.js';
import { ReplayWindow } from './replay-window.js';
import { SubscriberRegistry } from './subscriber-registry.js';
import { estimatedEventBytes, Subscriber, type QueuedEvent } from './subscriber.js';
import type { SubscriberTransport } from './subscriber-transport.js';
import { UnreadCounts, type CountReader } from './unread-counts.js';

export interface FanOutOptions {
  logger: Logger;
  /** Reads exact unread counts with the cluster time they hold at (seeding only, never per change). */
  readCounts: CountReader;
  /** Changes kept for replay (LIVEBELL_REPLAY_WINDOW). */
  windowSize: number;
  /** Bytes one subscriber may have waiting, its transport's included (LIVEBELL_SUBSCRIBER_QUEUE). */
  subscriberLimitBytes: number;
}

export interface Snapshot {
  /** The position of the last applied input. */
  position: StreamPosition;
  /** Whether the window holds every change after the requested position. */
  covered: boolean;
  /** The user's changes after the requested position, oldest first (only when covered). */
  changes: PositionedChange[];
}

export class FanOut {
  private readonly registry = new SubscriberRegistry();
  private readonly window: ReplayWindow;
  private readonly counts: UnreadCounts;
  private readonly positionWaiters = new Set<() => void>();
  private currentPosition: StreamPosition | null = null;
  /** When the last change was applied, in ms since the epoch (a number: no Date per change); 0 before the first. */
  private lastChangeAtMs = 0;
  private closed = false;

  constructor(private readonly options: FanOutOptions) {
    this.window = new ReplayWindow(options.windowSize);
    this.counts = new UnreadCounts(options.readCounts, (entry, count) => this.deliver(entry, count), options.logger);
  }

  /** The position of the last input applied; null until the stream has started. */
  get position(): StreamPosition | null {
    return this.currentPosition;
  }

  /** When the last change was applied. */
  get lastEventAt(): Date | null {
    return this.lastChangeAtMs === 0 ? null : new Date(this.lastChangeAtMs);
  }

  get subscriberCount(): number {
    return this.registry.size;
  }

  /** Users whose unread count this node keeps. */
  get countedUsers(): number {
    return this.counts.size;
  }

  /** Applies the stream's next input; synchronous, so inputs apply in stream order. */
  apply(input: StreamInput): void {
    if (this.closed) return;
    switch (input.type) {
      case 'begin':
        this.window.reset(input.position);
        if (input.resync) {
          this.resyncAll(input.position);
          this.counts.recountAll();
        }
        break;
      case 'change': {
        const { entry } = input;
        this.window.append(entry);
        this.lastChangeAtMs = Date.now();
        const { logger } = this.options;
        if (logger.isLevelEnabled('debug')) {
          logger.debug(
            { userId: entry.userId, kind: entry.change.kind, position: entry.position },
            'Processed notification change',
          );
        }
        // Counts are kept for exactly the users with a subscriber here; others cost one map miss.
        this.counts.change(entry);
        break;
      }
      case 'unrouted':
        this.counts.recountAll();
        break;
      case 'advance':
        break;
    }
    const position = inputPosition(input);
    this.currentPosition = position;
    this.counts.reached(position);
    if (this.positionWaiters.size > 0) {
      for (const resolve of this.positionWaiters) resolve();
      this.positionWaiters.clear();
    }
  }

  /**
   * Registers a live subscriber for `userId`: every change applied from now
   * on reaches it. Take the snapshot (and `countNow`) in the same synchronous block.
   */
  subscribe(userId: string, transport: Pick<SubscriberTransport, 'backlog'>, onOverflow: () => void): Subscriber {
    const subscriber = new Subscriber(userId, this.options.subscriberLimitBytes, transport, onOverflow);
    if (this.registry.add(subscriber)) this.counts.track(userId);
    return subscriber;
  }

  unsubscribe(subscriber: Subscriber): void {
    subscriber.close('unsubscribed');
    if (this.registry.remove(subscriber)) this.counts.untrack(subscriber.userId);
  }

  /** What a new subscriber needs to catch up from `after`; null before the stream has started. */
  snapshot(userId: string, after: StreamPosition | null): Snapshot | null {
    if (this.currentPosition === null) return null;
    const covered = after !== null && this.window.covers(after);
    return {
      position: this.currentPosition,
      covered,
      changes: covered && after !== null ? this.window.changesAfter(userId, after) : [],
    };
  }

  /** The user's unread count as of the current position (a subscribed user's; resolves once seeded). */
  countNow(userId: string): Promise<number> {
    return this.counts.countNow(userId);
  }

  /** Resolves true once the fan-out has a position, false if `signal` aborts first. */
  whenPositioned(signal: AbortSignal): Promise<boolean> {
    if (this.currentPosition !== null) return Promise.resolve(true);
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onPosition = () => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      };
      const onAbort = () => {
        this.positionWaiters.delete(onPosition);
        resolve(false);
      };
      this.positionWaiters.add(onPosition);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Stops applying and closes every subscriber. */
  close(): void {
    this.closed = true;
    for (const subscriber of this.registry.all()) subscriber.close('server stopping');
    this.registry.clear();
    this.counts.close();
  }

  /** A counted change to each of its user's subscribers: one event object for all (nothing downstream mutates it). */
  private deliver(entry: PositionedChange, unreadCount: number): void {
    const subscribers = this.registry.of(entry.userId);
    if (!subscribers) return;
    const event = withUnreadCount(entry.change, unreadCount);
    const item: QueuedEvent = {
      position: entry.position,
      event,
      bytes: estimatedEventBytes(event),
      committedAtMs: entry.committedAtMs,
    };
    const { logger } = this.options;
    const debug = logger.isLevelEnabled('debug');
    for (const subscriber of subscribers) {
      this.deliverTo(subscriber, item);
      if (debug) logger.debug({ userId: entry.userId, kind: event.kind }, 'Emitted notification to user');
    }
  }

  private resyncAll(position: StreamPosition): void {
    const event = { kind: 'resync' } as const;
    const item: QueuedEvent = { position, event, bytes: estimatedEventBytes(event), committedAtMs: null };
    for (const subscriber of this.registry.all()) this.deliverTo(subscriber, item);
  }

  /** A subscriber that overflows closes itself; it leaves the fan-out at once. */
  private deliverTo(subscriber: Subscriber, item: QueuedEvent): void {
    subscriber.deliver(item);
    if (subscriber.closed) this.unsubscribe(subscriber);
  }
}
