// The in-memory fan-out of one node: the change stream feeds it, in stream
// order; it keeps the replay window and delivers each change, with the user's
// unread count, to that user's local subscribers.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.js';
import { withUnreadCount, type PositionedChange } from './notification-change.js';
import { ReplayWindow } from './replay-window.js';
import { Subscriber, type QueuedEvent } from './subscriber.js';

export interface UnreadCounter {
  /** Exact unread counts, one aggregate for all the users given. */
  unreadCounts(userIds: readonly string[]): Promise<Map<string, number>>;
}

export type HubInput =
  /** The stream (re)started at `position`. `resync`: changes before it may be missing. */
  | { type: 'begin'; position: string; resync: boolean }
  | { type: 'change'; entry: PositionedChange }
  /** The stream moved on without a change for the hub (idle batch, skipped document). */
  | { type: 'advance'; position: string };

/** The stream position an input brings the hub to. */
export function inputPosition(input: HubInput): string {
  return input.type === 'change' ? input.entry.position : input.position;
}

export interface HubOptions {
  counter: UnreadCounter;
  logger: Logger;
  /** Changes kept for replay (LIVEBELL_REPLAY_WINDOW). */
  windowSize: number;
  /** Events one subscriber may have waiting (LIVEBELL_SUBSCRIBER_QUEUE). */
  queueLimit: number;
  /** Inputs accepted before `push` makes the stream reader wait. */
  maxPending?: number;
}

export interface HubSnapshot {
  /** The position of the last processed input. */
  position: string;
  /** Whether the window holds every change after the requested position. */
  covered: boolean;
  /** The user's changes after the requested position, oldest first (only when covered). */
  changes: PositionedChange[];
}

const COUNT_RETRY_MIN_MS = 100;
const COUNT_RETRY_MAX_MS = 5000;
/** The counts of a batch with no subscribed user in it (shared, never written). */
const NO_COUNTS: ReadonlyMap<string, number> = new Map();

export class NotificationHub {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private readonly window: ReplayWindow;
  private pending: HubInput[] = [];
  private draining = false;
  private closed = false;
  private readonly spaceWaiters: (() => void)[] = [];
  private readonly positionWaiters = new Set<() => void>();
  private readonly idleWaiters: (() => void)[] = [];
  private currentPosition: string | null = null;
  /** When the last change was processed, in ms since the epoch (a number: no Date per change); 0 before the first. */
  private lastChangeAtMs = 0;
  private readonly maxPending: number;

  constructor(private readonly options: HubOptions) {
    this.window = new ReplayWindow(options.windowSize);
    this.maxPending = options.maxPending ?? 1000;
  }

  /** The position of the last input processed; null until the stream has started. */
  get position(): string | null {
    return this.currentPosition;
  }

  /** When the last change was processed. */
  get lastEventAt(): Date | null {
    return this.lastChangeAtMs === 0 ? null : new Date(this.lastChangeAtMs);
  }

  get subscriberCount(): number {
    let count = 0;
    for (const set of this.subscribers.values()) count += set.size;
    return count;
  }

  /**
   * Accepts the stream's next input. Inputs that arrive while a batch is being
   * processed are coalesced into the next batch. The returned promise settles
   * when there is room again, which bounds what waits here.
   */
  push(input: HubInput): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.pending.push(input);
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => void this.drain());
    }
    if (this.pending.length < this.maxPending) return Promise.resolve();
    return new Promise((resolve) => this.spaceWaiters.push(resolve));
  }

  /** Resolves once every input pushed so far is processed. */
  idle(): Promise<void> {
    if (!this.draining) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Registers a live subscriber for `userId`: every change processed from
   * now on is delivered to it. Take the snapshot in the same synchronous block.
   */
  subscribe(userId: string, onOverflow: () => void): Subscriber {
    const subscriber = new Subscriber(userId, this.options.queueLimit, onOverflow);
    let set = this.subscribers.get(userId);
    if (!set) {
      set = new Set();
      this.subscribers.set(userId, set);
    }
    set.add(subscriber);
    return subscriber;
  }

  unsubscribe(subscriber: Subscriber): void {
    subscriber.close('unsubscribed');
    const set = this.subscribers.get(subscriber.userId);
    if (!set) return;
    set.delete(subscriber);
    if (set.size === 0) this.subscribers.delete(subscriber.userId);
  }

  /** What a new subscriber needs to catch up from `after`; null before the stream has started. */
  snapshot(userId: string, after: string | null): HubSnapshot | null {
    if (this.currentPosition === null) return null;
    const covered = after !== null && this.window.covers(after);
    return {
      position: this.currentPosition,
      covered,
      changes: covered && after !== null ? this.window.changesAfter(userId, after) : [],
    };
  }

  /** Resolves true once the hub has a position, false if `signal` aborts first. */
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

  /** Stops processing and closes every subscriber. */
  close(): void {
    this.closed = true;
    this.pending = [];
    for (const set of this.subscribers.values()) for (const subscriber of set) subscriber.close('server stopping');
    this.subscribers.clear();
    this.releaseSpace();
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0 && !this.closed) {
        const batch = this.pending;
        this.pending = [];
        this.releaseSpace();
        // Counted first, then applied synchronously: every subscriber met while applying has a count.
        const counts = await this.countFor(batch);
        if (!this.closed) this.applyBatch(batch, counts);
      }
    } catch (error) {
      // Nothing here throws by design; if it ever does, the stream must not stall.
      this.options.logger.error({ err: error }, 'Notification hub failed to process a batch');
    } finally {
      this.draining = false;
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      if (this.pending.length > 0 && !this.closed) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    }
  }

  private applyBatch(batch: HubInput[], counts: ReadonlyMap<string, number>): void {
    const { logger } = this.options;
    // Asked once per batch: the log calls below would build their objects even when debug is off.
    const debug = logger.isLevelEnabled('debug');
    for (const input of batch) {
      switch (input.type) {
        case 'begin':
          this.window.reset(input.position);
          if (input.resync) this.resyncAll(input.position);
          break;
        case 'change': {
          const { entry } = input;
          this.window.append(entry);
          this.lastChangeAtMs = Date.now();
          if (debug)
            logger.debug(
              { userId: entry.userId, kind: entry.change.kind, position: entry.position },
              'Processed notification change',
            );
          const set = this.subscribers.get(entry.userId);
          if (set) {
            // One event object for every subscriber of the user: nothing downstream mutates it.
            const item: QueuedEvent = {
              position: entry.position,
              event: withUnreadCount(entry.change, counts.get(entry.userId) ?? 0),
            };
            for (const subscriber of set) {
              this.deliver(subscriber, item);
              if (debug) logger.debug({ userId: entry.userId, kind: item.event.kind }, 'Emitted notification to user');
            }
          }
          break;
        }
        case 'advance':
          break;
      }
      this.currentPosition = inputPosition(input);
    }
    for (const resolve of this.positionWaiters) resolve();
    this.positionWaiters.clear();
  }

  /**
   * Unread counts, after the batch's changes, for the users in it who have a
   * local subscriber; one aggregate per batch (a second one only for users who
   * subscribed while the first ran). Retries until the database answers: the
   * stream reader waits meanwhile, so nothing is lost. When this returns, the
   * caller delivers synchronously, so every subscriber it meets has a count.
   */
  private async countFor(batch: HubInput[]): Promise<ReadonlyMap<string, number>> {
    let counts: Map<string, number> | null = null;
    for (let failures = 0; ;) {
      const missing = this.uncounted(batch, counts);
      if (missing.length === 0 || this.closed) return counts ?? NO_COUNTS;
      try {
        const found = await this.options.counter.unreadCounts(missing);
        if (counts === null) counts = found;
        else for (const [userId, count] of found) counts.set(userId, count);
        failures = 0;
      } catch (error) {
        if (this.closed) return counts ?? NO_COUNTS;
        const delay = Math.min(COUNT_RETRY_MAX_MS, COUNT_RETRY_MIN_MS * 2 ** failures);
        failures += 1;
        this.options.logger.warn({ err: error, retryInMs: delay }, 'Counting unread notifications failed; retrying');
        await sleep(delay);
      }
    }
  }

  /** The distinct users of the batch's changes who have a local subscriber and no count yet. */
  private uncounted(batch: HubInput[], counts: ReadonlyMap<string, number> | null): string[] {
    const missing = new Set<string>();
    for (const input of batch) {
      if (input.type !== 'change') continue;
      const { userId } = input.entry;
      if (counts?.has(userId) !== true && this.subscribers.has(userId)) missing.add(userId);
    }
    return [...missing];
  }

  private resyncAll(position: string): void {
    for (const set of this.subscribers.values()) {
      for (const subscriber of set) this.deliver(subscriber, { position, event: { kind: 'resync' } });
    }
  }

  /** A subscriber that overflows closes itself; it leaves the hub at once. */
  private deliver(subscriber: Subscriber, item: QueuedEvent): void {
    subscriber.deliver(item);
    if (subscriber.closed) this.unsubscribe(subscriber);
  }

  private releaseSpace(): void {
    for (const resolve of this.spaceWaiters.splice(0)) resolve();
  }
}
