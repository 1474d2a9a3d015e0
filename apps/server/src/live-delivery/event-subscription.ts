// notifications.onEvent: listen first, replay what the client missed, then
// hand over to live events with no gap and no duplicate.
//
// Why it is gap-free: the subscriber is registered and the node's position P
// and window are read in one synchronous block, so every change after P
// reaches the subscriber's queue and every change up to P is either in the
// window or reachable by a catch-up stream resumed after the client's last id.
// Why it is duplicate-free: positions are totally ordered, and only events
// after the last position yielded are ever yielded (the live gate). The same
// gate makes a node that is behind the client (restarted from an old saved
// token) skip what the client already has.
// The protocol as clients see it: docs/architecture.md#the-resume-protocol
import { compareStreamPositions, type NotificationEvent, type StreamPosition } from '@livebell/shared';
import { tracked, type TrackedEnvelope } from '@trpc/server';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { CatchUpUnavailable, type CatchUpSource } from './catch-up-streams.js';
import type { FanOut, Snapshot } from './fan-out.js';
import { withUnreadCount } from './notification-change.js';
import { isClientPosition } from './stream-position.js';
import type { SubscriberTransport } from './subscriber-transport.js';

export interface EventSubscriptionDeps {
  fanOut: FanOut;
  catchUp: CatchUpSource;
  logger: Logger;
  metrics: Metrics;
}

export interface EventSubscriptionRequest {
  userId: string;
  /** The id of the last event the client applied, if any (the tRPC boundary's name for a stream position). */
  lastEventId: string | null | undefined;
  /** Aborts when the client unsubscribes or disconnects. */
  signal: AbortSignal;
  /** The connection the events go out over: what it holds unsent counts against the subscriber's limit, and past it, it is cut. */
  transport: SubscriberTransport;
  /**
   * Given back once the subscription ends, however it ends (the client stops
   * it, the connection closes, it fails): the connection's subscription slot.
   */
  slot?: { release(): void } | undefined;
}

export type TrackedEvent = TrackedEnvelope<NotificationEvent>;

export async function* eventSubscription(
  deps: EventSubscriptionDeps,
  request: EventSubscriptionRequest,
): AsyncGenerator<TrackedEvent, void, undefined> {
  const { fanOut, logger, metrics } = deps;
  const { userId, signal, transport } = request;
  const lastEventId = request.lastEventId ?? null;

  try {
    // Change streams disabled or not started yet: stay open, yield when they start. A subscription
    // stopped before it got here (its signal already aborted) ends without registering or reading anything.
    if (!(await fanOut.whenPositioned(signal)) || signal.aborted) return;

    // What the subscription ends with once it was cut for falling too far behind (see SubscriberTransport.cut).
    let overflowError: Error | undefined;
    // One synchronous block: register, then read the position, the window and the count there.
    const subscriber = fanOut.subscribe(userId, transport, () => {
      logger.warn(
        { userId, transport: transport.kind, closeCode: transport.closeCode },
        'Disconnecting a subscriber that fell too far behind',
      );
      metrics.slowSubscriberDisconnected();
      overflowError = transport.cut();
    });
    metrics.subscriberOpened(transport.kind);
    const readable = lastEventId !== null && isClientPosition(lastEventId);
    const onAbort = () => fanOut.unsubscribe(subscriber);
    signal.addEventListener('abort', onAbort, { once: true });
    let holding = false;
    try {
      // The replay is a generator of its own, handed what it needs as arguments: a
      // suspended generator keeps every local it ever held, and this one idles for
      // as long as the client stays, so it holds only what the live part needs.
      // The user's count as of the hand-over: replayed changes carry it (the last one's own, the badge's
      // final value), and a client told to reload hears so once the count is kept, so that its first
      // live events do not wait behind the count's first read.
      let last = yield* replay(
        deps,
        request,
        fanOut.snapshot(userId, readable ? lastEventId : null),
        fanOut.countNow(userId),
        readable,
      );
      if (last === null) return;

      // Live: the gate drops whatever the replay already yielded. Events that arrived together
      // share socket writes: the transport is held from the first of them and released once all
      // are yielded (tRPC asks for the next event only after sending the last one).
      for (;;) {
        const item = subscriber.take();
        if (item === null) break;
        if (item === undefined) {
          if (holding) {
            holding = false;
            transport.release?.();
          }
          await subscriber.waitForEvent();
          continue;
        }
        if (!holding && subscriber.queued > 0 && transport.hold) {
          holding = true;
          transport.hold();
        }
        // A resync always goes out (its committedAtMs is null); a change only once.
        if (item.event.kind === 'resync' || compareStreamPositions(item.position, last) > 0) {
          metrics.delivered(item.event.kind, item.committedAtMs);
          yield tracked(item.position, item.event);
          last = item.position;
        }
      }
      if (overflowError) throw overflowError;
    } finally {
      if (holding) transport.release?.();
      metrics.subscriberClosed(transport.kind);
      signal.removeEventListener('abort', onAbort);
      fanOut.unsubscribe(subscriber);
    }
  } finally {
    request.slot?.release();
  }
}

/**
 * What the client missed, from `snapshot` (taken when it subscribed); returns
 * the position of the last event yielded, or null when the stream has not
 * started.
 */
async function* replay(
  deps: EventSubscriptionDeps,
  request: EventSubscriptionRequest,
  snapshot: Snapshot | null,
  countAtSnapshot: Promise<number>,
  readable: boolean,
): AsyncGenerator<TrackedEvent, StreamPosition | null, undefined> {
  if (!snapshot) return null;
  const { logger, metrics } = deps;
  const { userId, signal } = request;
  const lastEventId = request.lastEventId ?? null;
  const position = snapshot.position;

  if (lastEventId === null) {
    // A fresh client: it loads its list and count after this, while subscribed.
    await countAtSnapshot;
    return yield* resyncAt(position, metrics);
  }
  if (!readable) {
    logger.debug({ userId }, 'Unreadable lastEventId; asking the client to resync');
    await countAtSnapshot;
    metrics.replayed('resync');
    return yield* resyncAt(position, metrics);
  }
  let last: StreamPosition = lastEventId;
  if (snapshot.covered) {
    logger.debug({ userId, changes: snapshot.changes.length }, 'Replaying missed changes from the window');
    metrics.replayed('window');
    if (snapshot.changes.length > 0) {
      const count = await countAtSnapshot;
      for (const entry of snapshot.changes) {
        metrics.delivered(entry.change.kind, null);
        yield tracked(entry.position, withUnreadCount(entry.change, count));
        last = entry.position;
      }
    }
    return last;
  }
  logger.debug({ userId }, 'Replaying missed changes from a catch-up stream');
  try {
    const count = await countAtSnapshot;
    for await (const entry of deps.catchUp.changes(userId, lastEventId, position, signal)) {
      // Later changes are in the subscriber's queue, each with its own count.
      if (compareStreamPositions(entry.position, position) > 0) break;
      if (compareStreamPositions(entry.position, last) <= 0) continue;
      metrics.delivered(entry.change.kind, null);
      yield tracked(entry.position, withUnreadCount(entry.change, count));
      last = entry.position;
    }
    metrics.replayed('catch-up');
  } catch (error) {
    if (signal.aborted) return null;
    if (!(error instanceof CatchUpUnavailable)) throw error;
    logger.info({ userId, reason: error.message }, 'Cannot replay from the client position; asking it to resync');
    metrics.replayed('resync');
    return yield* resyncAt(position, metrics);
  }
  return last;
}

/** Tells the client to reload, at `position`; returns `position`, the last one yielded. */
function* resyncAt(position: StreamPosition, metrics: Metrics): Generator<TrackedEvent, StreamPosition, undefined> {
  metrics.delivered('resync', null);
  yield tracked(position, { kind: 'resync' });
  return position;
}
