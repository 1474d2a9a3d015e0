// The exact unread count of every user with a local subscriber, kept in
// memory and moved by the change stream itself: no database query per change.
//
// Seeding, ordered against the stream: when a user's first subscription opens
// (or a change's effect cannot be known), one read returns the user's count C
// and the cluster time T it is exact at. Until that read is back and the
// stream has passed T, the user's changes are held, not delivered. Then a
// held change at or before T is already in C (its count is C minus the
// changes after it up to T), and one after T moves C on. So no change is
// counted twice or missed, and every change carries the count as of itself.
import type { StreamPosition } from '@livebell/shared';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.js';
import { backoffDelay } from './backoff.js';
import type { PositionedChange } from './notification-change.js';
import { clusterTimeOfPosition, type ClusterTimeKey } from './stream-position.js';

/** Counts of users (absent: 0) and the cluster time they are exact at. */
export interface CountRead {
  counts: ReadonlyMap<string, number>;
  time: ClusterTimeKey;
}

export type CountReader = (userIds: readonly string[]) => Promise<CountRead>;

/** Receives each change of a counted user with the user's count as of that change, in stream order. */
export type CountedChangeHandler = (entry: PositionedChange, unreadCount: number) => void;

/** One round of seeding reads; identifies which answer an entry waits for. */
type ReadRound = object;

interface UserCount {
  /** The count as of the node's position; meaningful only once `held` is null. */
  value: number;
  /** While seeding: the user's changes since seeding began, in stream order. */
  held: PositionedChange[] | null;
  /** While seeding: the read this entry waits for (null: to be scheduled). */
  round: ReadRound | null;
  seed: { count: number; time: ClusterTimeKey } | null;
  /** Subscribers that registered while seeding: the count after `heldBefore` held changes (null: none, the usual case). */
  waiters: { heldBefore: number; resolve: (count: number) => void }[] | null;
}

const RETRY = { baseMs: 100, maxMs: 5000 };

export class UnreadCounts {
  private readonly users = new Map<string, UserCount>();
  /** Users whose seed is back but the stream has not passed its time yet. */
  private readonly awaitingStream = new Set<string>();
  private readonly toRead = new Set<string>();
  private reading = false;
  private closed = false;
  private position: StreamPosition | null = null;

  constructor(
    private readonly read: CountReader,
    private readonly onCounted: CountedChangeHandler,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.users.size;
  }

  /** Starts keeping `userId`'s count (its first local subscriber). */
  track(userId: string): void {
    if (this.users.has(userId)) return;
    this.users.set(userId, { value: 0, held: [], round: null, seed: null, waiters: null });
    this.scheduleRead(userId);
  }

  /** Stops keeping `userId`'s count (its last local subscriber left). */
  untrack(userId: string): void {
    const entry = this.users.get(userId);
    if (!entry) return;
    this.users.delete(userId);
    this.awaitingStream.delete(userId);
    this.toRead.delete(userId);
    for (const waiter of entry.waiters ?? []) waiter.resolve(0);
  }

  /** The count as of the node's current position, for a subscriber registering now. */
  countNow(userId: string): Promise<number> {
    const entry = this.users.get(userId);
    if (!entry) return Promise.resolve(0);
    if (entry.held === null) return Promise.resolve(entry.value);
    const heldBefore = entry.held.length;
    return new Promise((resolve) => (entry.waiters ??= []).push({ heldBefore, resolve }));
  }

  /** A change of a tracked user, in stream order: delivered now, or held while seeding. */
  change(entry: PositionedChange): void {
    const user = this.users.get(entry.userId);
    if (!user) return;
    if (user.held !== null) {
      user.held.push(entry);
      return;
    }
    if (entry.unreadDelta === null) {
      // Its effect cannot be known: hold from here and recount.
      user.held = [entry];
      this.scheduleRead(entry.userId);
      return;
    }
    user.value = Math.max(0, user.value + entry.unreadDelta);
    this.onCounted(entry, user.value);
  }

  /** Every kept count is read again (the stream may have missed or could not route changes). */
  recountAll(): void {
    for (const [userId, user] of this.users) {
      user.held ??= [];
      this.scheduleRead(userId);
    }
  }

  /** The stream reached `position`: seeds whose time it has passed resolve. */
  reached(position: StreamPosition): void {
    this.position = position;
    if (this.awaitingStream.size === 0) return;
    for (const userId of this.awaitingStream) this.tryResolve(userId);
  }

  close(): void {
    this.closed = true;
    for (const userId of [...this.users.keys()]) this.untrack(userId);
  }

  private scheduleRead(userId: string): void {
    const user = this.users.get(userId);
    if (!user) return;
    user.round = null;
    user.seed = null;
    this.awaitingStream.delete(userId);
    this.toRead.add(userId);
    if (!this.reading) {
      this.reading = true;
      setImmediate(() => void this.readPending());
    }
  }

  /** One read for every user waiting for a seed; retried until the database answers. */
  private async readPending(): Promise<void> {
    for (let failures = 0; this.toRead.size > 0 && !this.closed;) {
      const round: ReadRound = {};
      const userIds = [...this.toRead];
      this.toRead.clear();
      for (const userId of userIds) {
        const user = this.users.get(userId);
        if (user) user.round = round;
      }
      try {
        const { counts, time } = await this.read(userIds);
        failures = 0;
        for (const userId of userIds) {
          const user = this.users.get(userId);
          // Untracked meanwhile, or asked again after a change the read may predate.
          if (!user || user.round !== round) continue;
          user.round = null;
          user.seed = { count: counts.get(userId) ?? 0, time };
          this.awaitingStream.add(userId);
          this.tryResolve(userId);
        }
      } catch (error) {
        if (this.closed) return;
        const delayMs = backoffDelay(failures, RETRY);
        failures += 1;
        this.logger.warn({ err: error, retryInMs: delayMs }, 'Counting unread notifications failed; retrying');
        for (const userId of userIds) {
          const user = this.users.get(userId);
          if (user?.round === round) this.toRead.add(userId);
        }
        await sleep(delayMs);
      }
    }
    // The loop ends only with nothing left to read (or closed), so the next scheduleRead starts a new one.
    this.reading = false;
  }

  private tryResolve(userId: string): void {
    const user = this.users.get(userId);
    const held = user?.held;
    const seed = user?.seed;
    if (!user || !held || !seed) return;
    if (this.position === null || clusterTimeOfPosition(this.position) < seed.time) return;
    this.awaitingStream.delete(userId);
    user.seed = null;

    // Held changes up to the seed's time are in its count: walk back from it.
    let after = 0;
    while (after < held.length && clusterTimeOfPosition(held[after]?.position ?? '') <= seed.time) after += 1;
    const counts: number[] = new Array<number>(held.length);
    let count = seed.count;
    for (let i = after - 1; i >= 0; i -= 1) {
      counts[i] = Math.max(0, count);
      count -= held[i]?.unreadDelta ?? 0;
    }
    const before = Math.max(0, count);
    // Later ones move it on, until one whose effect is unknown: from there, seed again.
    count = seed.count;
    let resolved = held.length;
    for (let i = after; i < held.length; i += 1) {
      const delta = held[i]?.unreadDelta ?? null;
      if (delta === null) {
        resolved = i;
        break;
      }
      count = Math.max(0, count + delta);
      counts[i] = count;
    }

    const waiters = user.waiters ?? [];
    user.waiters = null;
    for (const waiter of waiters) {
      if (waiter.heldBefore > resolved) {
        (user.waiters ??= []).push({ ...waiter, heldBefore: waiter.heldBefore - resolved });
      } else {
        waiter.resolve(waiter.heldBefore === 0 ? before : (counts[waiter.heldBefore - 1] ?? before));
      }
    }
    if (resolved < held.length) {
      user.held = held.slice(resolved);
      this.scheduleRead(userId);
    } else {
      user.held = null;
      user.value = count;
    }
    for (let i = 0; i < resolved; i += 1) {
      const entry = held[i];
      if (entry) this.onCounted(entry, counts[i] ?? 0);
    }
  }
}
