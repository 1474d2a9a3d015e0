// notifications.onEvent: listen first, replay what the client missed, then
// hand over to live events with no gap and no duplicate.
//
// Why it is gap-free: the subscriber is registered and the hub's position P
// and window are read in one synchronous block, so every change after P
// reaches the subscriber's queue and every change up to P is either in the
// window or reachable by a catch-up stream resumed after the client's last id.
// Why it is duplicate-free: positions are totally ordered, and only events
// after the last position yielded are ever yielded (the live gate). The same
// gate makes a node that is behind the client (restarted from an old saved
// token) skip what the client already has.
import type { NotificationEvent } from '@livebell/shared';
import { tracked, type TrackedEnvelope } from '@trpc/server';
import type { Logger } from '../logger.js';
import { withUnreadCount, type PositionedChange } from './notification-change.js';
import type { NotificationHub } from './notification-hub.js';
import { isClientPosition } from './position.js';
import { QUEUE_OVERFLOW } from './subscriber.js';

/** Replays, from the database, a user's changes the window no longer holds. */
export interface CatchUpSource {
  /**
   * The user's changes after `after`, oldest first, at least up to `until`
   * (it may yield later ones too). Throws CatchUpUnavailable when it cannot:
   * history lost, a token the server cannot parse, or past its bounds.
   */
  changes(userId: string, after: string, until: string, signal: AbortSignal): AsyncIterable<PositionedChange>;
}

/** The client must reload: its position cannot be replayed. */
export class CatchUpUnavailable extends Error {
  override readonly name = 'CatchUpUnavailable';
}

export interface EventSubscriptionDeps {
  hub: NotificationHub;
  catchUp: CatchUpSource;
  unreadCount(userId: string): Promise<number>;
  logger: Logger;
}

export interface EventSubscriptionRequest {
  userId: string;
  /** The id of the last event the client applied, if any. */
  lastEventId: string | null | undefined;
  /** Aborts when the client unsubscribes or disconnects. */
  signal: AbortSignal;
  /** Called when the subscriber falls too far behind; should drop the connection. */
  onOverflow: () => void;
  /**
   * What the subscription ends with after an overflow, for a transport with no
   * connection to drop (the client resumes from its last id); absent, it just ends.
   */
  overflowError?: (() => Error) | undefined;
}

export type TrackedEvent = TrackedEnvelope<NotificationEvent>;

export async function* eventSubscription(
  deps: EventSubscriptionDeps,
  request: EventSubscriptionRequest,
): AsyncGenerator<TrackedEvent, void, undefined> {
  const { hub, logger } = deps;
  const { userId, signal } = request;
  const lastEventId = request.lastEventId ?? null;

  // Change streams disabled or not started yet: stay open, yield when they start.
  if (!(await hub.whenPositioned(signal))) return;

  // One synchronous block: register, then read the position and the window.
  const subscriber = hub.subscribe(userId, request.onOverflow);
  const readable = lastEventId !== null && isClientPosition(lastEventId);
  const snapshot = hub.snapshot(userId, readable ? lastEventId : null);
  const onAbort = () => hub.unsubscribe(subscriber);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    if (!snapshot) return;
    const position = snapshot.position;
    let last: string;

    if (lastEventId === null) {
      // A fresh client: it loads its list and count after this, while subscribed.
      yield tracked(position, { kind: 'resync' });
      last = position;
    } else if (!readable) {
      logger.debug({ userId }, 'Unreadable lastEventId; asking the client to resync');
      yield tracked(position, { kind: 'resync' });
      last = position;
    } else if (snapshot.covered) {
      last = lastEventId;
      logger.debug({ userId, changes: snapshot.changes.length }, 'Replaying missed changes from the window');
      if (snapshot.changes.length > 0) {
        // Counted after registration, so after every replayed change.
        const count = await deps.unreadCount(userId);
        for (const entry of snapshot.changes) {
          yield tracked(entry.position, withUnreadCount(entry.change, count));
          last = entry.position;
        }
      }
    } else {
      last = lastEventId;
      logger.debug({ userId }, 'Replaying missed changes from a catch-up stream');
      try {
        let count: number | null = null;
        for await (const entry of deps.catchUp.changes(userId, lastEventId, position, signal)) {
          // Later changes are in the subscriber's queue, with a count taken after them.
          if (entry.position > position) break;
          if (entry.position <= last) continue;
          count ??= await deps.unreadCount(userId);
          yield tracked(entry.position, withUnreadCount(entry.change, count));
          last = entry.position;
        }
      } catch (error) {
        if (signal.aborted) return;
        if (!(error instanceof CatchUpUnavailable)) throw error;
        logger.info({ userId, reason: error.message }, 'Cannot replay from the client position; asking it to resync');
        yield tracked(position, { kind: 'resync' });
        last = position;
      }
    }

    // Live: the gate drops whatever the replay already yielded.
    for (;;) {
      const item = subscriber.take();
      if (item === null) break;
      if (item === undefined) {
        await subscriber.waitForEvent();
        continue;
      }
      if (item.event.kind === 'resync') {
        yield tracked(item.position, item.event);
        last = item.position;
      } else if (item.position > last) {
        yield tracked(item.position, item.event);
        last = item.position;
      }
    }
    if (subscriber.closeReason === QUEUE_OVERFLOW && request.overflowError) throw request.overflowError();
  } finally {
    signal.removeEventListener('abort', onAbort);
    hub.unsubscribe(subscriber);
  }
}
