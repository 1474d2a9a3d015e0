import type { NotificationEvent } from './events.js';
import { compareStreamPositions } from './stream-position.js';

/** A live event that changes data: everything but `resync`. */
export type DataEvent = Exclude<NotificationEvent, { kind: 'resync' }>;

export interface InboxSyncPorts {
  /** Writes one event into the cached list and unread count. Must be idempotent. */
  apply(event: DataEvent): void;
  /** Reloads the list and the unread count from the server; resolves once both settled, failed or not. */
  refetch(): Promise<void>;
}

/** How many events one fetch may have to re-apply before a refetch is cheaper and safer. */
export const DEFAULT_PENDING_LIMIT = 1_000;

/**
 * Keeps the cached inbox equal to the database while live events and fetches
 * interleave.
 *
 * A fetch's response shows the database at some instant while it was in
 * flight; writing it into the cache would overwrite any event that arrived in
 * the meantime. So every event is applied at once and, while any fetch is in
 * flight, also remembered; when the last fetch settles, the remembered events
 * are applied again, in arrival order, on top of the fetched data. Events
 * carry whole state (the notification, the exact unread count) and applying
 * one is idempotent, so an event the response already reflects changes
 * nothing, and applying the sequence in order ends at the newest state.
 *
 * `resync` (the server could not replay what this client missed) starts a
 * refetch of list and count under the same rule.
 *
 * Versioned: given the event's tracked id, an event whose id is not above
 * the last one applied is a duplicate or older than what is shown, and is
 * dropped, so it can neither double-count nor roll a notification back. The
 * ids are stream positions, ordered within one deployment by
 * `compareStreamPositions`, the order the server itself delivers by;
 * `resync` starts the order again at its own id.
 *
 * Bounded: at most `pendingLimit` events are remembered per round of fetches.
 * Past that they are dropped and one more refetch runs once the round
 * settles, which reads everything they carried from the database.
 */
export class InboxSync {
  readonly #ports: InboxSyncPorts;
  readonly #pendingLimit: number;
  #inFlight = 0;
  #pending: DataEvent[] = [];
  #overflowed = false;
  #lastId: string | null = null;

  constructor(ports: InboxSyncPorts, options: { pendingLimit?: number } = {}) {
    this.#ports = ports;
    this.#pendingLimit = options.pendingLimit ?? DEFAULT_PENDING_LIMIT;
  }

  /**
   * Handles one event from `notifications.onEvent`, with its tracked `id`.
   * Returns false when the event was dropped as a duplicate or stale.
   */
  receive(event: NotificationEvent, id?: string): boolean {
    if (event.kind === 'resync') {
      if (id !== undefined) this.#lastId = id;
      void this.refetch();
      return true;
    }
    if (id !== undefined) {
      if (this.#lastId !== null && compareStreamPositions(id, this.#lastId) <= 0) return false;
      this.#lastId = id;
    }
    this.#ports.apply(event);
    if (this.#inFlight === 0 || this.#overflowed) return true;
    if (this.#pending.length < this.#pendingLimit) {
      this.#pending.push(event);
    } else {
      this.#overflowed = true;
      this.#pending = [];
    }
    return true;
  }

  /** Reloads list and count; events that arrive meanwhile survive the reload. */
  async refetch(): Promise<void> {
    await this.track(() => this.#ports.refetch());
  }

  /**
   * Runs any other fetch whose result replaces cached inbox data (loading an
   * older page, say) under the same rule as a refetch.
   */
  async track<T>(fetch: () => Promise<T>): Promise<T> {
    this.#inFlight += 1;
    try {
      return await fetch();
    } finally {
      this.#inFlight -= 1;
      if (this.#inFlight === 0) this.#settle();
    }
  }

  /**
   * The id of the last event applied (null before the first): where a new
   * subscription resumes so that it neither misses nor repeats an event.
   */
  get lastId(): string | null {
    return this.#lastId;
  }

  /** Whether a fetch is in flight: its result may still replace what is shown. */
  get fetching(): boolean {
    return this.#inFlight > 0;
  }

  #settle(): void {
    const pending = this.#pending;
    this.#pending = [];
    if (this.#overflowed) {
      this.#overflowed = false;
      void this.refetch();
      return;
    }
    for (const event of pending) this.#ports.apply(event);
  }
}
