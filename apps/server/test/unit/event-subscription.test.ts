// The replay -> live hand-over, driven without a network: a real hub fed by
// hand, a scripted catch-up source, and unread counts from a function.
import type { Notification, NotificationEvent } from '@livebell/shared';
import { describe, expect, it } from 'vitest';
import {
  CatchUpUnavailable,
  eventSubscription,
  type CatchUpSource,
  type TrackedEvent,
} from '../../src/hub/event-subscription.js';
import type { PositionedChange } from '../../src/hub/notification-change.js';
import { NotificationHub } from '../../src/hub/notification-hub.js';
import { silentLogger } from '../support/silent-logger.js';

/** Positions shaped like resume tokens: "82" + 16 hex digits, ordered by n. */
function position(n: number): string {
  return `82${n.toString(16).toUpperCase().padStart(16, '0')}`;
}

function created(n: number, userId = 'ada'): PositionedChange {
  const notification: Notification = {
    id: n.toString(16).padStart(24, '0'),
    userId,
    type: 'info',
    title: `notification ${n}`,
    createdAt: '2026-01-01T00:00:00.000Z',
    readAt: null,
  };
  return { position: position(n), userId, change: { kind: 'created', notification } };
}

function newHub(options: { windowSize?: number; queueLimit?: number } = {}) {
  const countCalls: string[][] = [];
  const hub = new NotificationHub({
    counter: {
      unreadCounts: (userIds) => {
        countCalls.push([...userIds]);
        return Promise.resolve(new Map(userIds.map((userId) => [userId, 7])));
      },
    },
    logger: silentLogger(),
    windowSize: options.windowSize ?? 100,
    queueLimit: options.queueLimit ?? 100,
  });
  return { hub, countCalls };
}

async function feed(hub: NotificationHub, ...changes: PositionedChange[]): Promise<void> {
  for (const entry of changes) await hub.push({ type: 'change', entry });
  await hub.idle();
}

/** A catch-up source that yields `changes` from the database's history, then ends or fails with `error`. */
function scriptedCatchUp(script: { expectAfter?: string; changes?: PositionedChange[]; error?: Error }): CatchUpSource {
  return {
    changes(_userId, after) {
      if (script.expectAfter !== undefined) expect(after).toBe(script.expectAfter);
      const remaining = [...(script.changes ?? [])];
      return {
        [Symbol.asyncIterator]: () => ({
          next: (): Promise<IteratorResult<PositionedChange>> => {
            const value = remaining.shift();
            if (value) return Promise.resolve({ done: false, value });
            return script.error ? Promise.reject(script.error) : Promise.resolve({ done: true, value: undefined });
          },
        }),
      };
    },
  };
}

const noCatchUp = scriptedCatchUp({ error: new Error('the window should have covered this') });

function subscribe(
  hub: NotificationHub,
  lastEventId: string | null,
  deps: {
    catchUp?: CatchUpSource;
    unreadCount?: (userId: string) => Promise<number>;
    onOverflow?: () => void;
    overflowError?: () => Error;
  } = {},
) {
  const controller = new AbortController();
  const events = eventSubscription(
    {
      hub,
      catchUp: deps.catchUp ?? noCatchUp,
      unreadCount: deps.unreadCount ?? (() => Promise.resolve(3)),
      logger: silentLogger(),
    },
    {
      userId: 'ada',
      lastEventId,
      signal: controller.signal,
      onOverflow: deps.onOverflow ?? (() => undefined),
      overflowError: deps.overflowError,
    },
  );
  return { events, controller };
}

async function take(events: AsyncGenerator<TrackedEvent>): Promise<[string, NotificationEvent]> {
  const result = await events.next();
  if (result.done) throw new Error('the subscription ended');
  const [id, event] = result.value;
  return [String(id), event];
}

describe('eventSubscription: replay, then live, no gap and no duplicate', () => {
  it('a fresh client gets resync at the current position first, then live events', async () => {
    const { hub } = newHub();
    await hub.push({ type: 'begin', position: position(1), resync: false });
    await feed(hub, created(2));
    const { events } = subscribe(hub, null);

    expect(await take(events)).toEqual([position(2), { kind: 'resync' }]);
    await feed(hub, created(3));
    const [id, event] = await take(events);
    expect(id).toBe(position(3));
    expect(event).toMatchObject({ kind: 'created', unreadCount: 7 });
  });

  it('replays the window after lastEventId for this user only, with the count taken after registration', async () => {
    const { hub } = newHub();
    await hub.push({ type: 'begin', position: position(1), resync: false });
    await feed(hub, created(2), created(3, 'bob'), created(4), created(5));
    const { events } = subscribe(hub, position(2));

    expect(await take(events)).toEqual([position(4), expect.objectContaining({ kind: 'created', unreadCount: 3 })]);
    expect((await take(events))[0]).toBe(position(5));
  });

  it('an event that lands between replay and live is delivered once', async () => {
    const { hub } = newHub();
    await hub.push({ type: 'begin', position: position(1), resync: false });
    await feed(hub, created(2), created(3));
    let countAsked = () => undefined as void;
    const asked = new Promise<void>((resolve) => (countAsked = resolve));
    let releaseCount = (_count: number) => undefined as void;
    const { events } = subscribe(hub, position(2), {
      unreadCount: () => {
        countAsked();
        return new Promise<number>((resolve) => (releaseCount = resolve));
      },
    });
    const first = take(events);
    await asked;
    // The replay is under way (it waits for its count): event 4 lands now.
    await feed(hub, created(4));
    releaseCount(2);
    await feed(hub, created(5));

    const delivered = [await first, await take(events), await take(events)];
    expect(delivered.map(([id]) => id)).toEqual([position(3), position(4), position(5)]);
  });

  it('a catch-up that overlaps the live queue delivers each event once, in order', async () => {
    const { hub } = newHub({ windowSize: 2 });
    await hub.push({ type: 'begin', position: position(1), resync: false });
    await feed(hub, created(2), created(3), created(4)); // the window now starts after 2
    // The database's history already has event 5; the hub processes it below.
    const catchUp = scriptedCatchUp({
      expectAfter: position(1),
      changes: [created(2), created(3), created(4), created(5)],
    });
    const { events } = subscribe(hub, position(1), { catchUp });
    const replayed = [await take(events), await take(events), await take(events)];
    await feed(hub, created(5), created(6));
    replayed.push(await take(events), await take(events));
    expect(replayed.map(([id]) => id)).toEqual([2, 3, 4, 5, 6].map(position));
  });

  it('a history-lost token yields resync, then live events', async () => {
    const { hub } = newHub({ windowSize: 1 });
    await hub.push({ type: 'begin', position: position(10), resync: false });
    await feed(hub, created(11), created(12));
    const catchUp = scriptedCatchUp({
      error: new CatchUpUnavailable('catch-up stream failed: ChangeStreamHistoryLost (code 286)'),
    });
    const { events } = subscribe(hub, position(3), { catchUp });

    expect(await take(events)).toEqual([position(12), { kind: 'resync' }]);
    await feed(hub, created(13));
    expect((await take(events))[0]).toBe(position(13));
  });

  it.each([
    ['not a resume token'],
    ['ABCD'],
    // Well-formed, but its cluster time is centuries ahead: it would hide every real event.
    ['82FFFFFFFF0000000101'],
  ])('an unreadable lastEventId (%s) yields resync, then live events', async (lastEventId) => {
    const { hub } = newHub();
    await hub.push({ type: 'begin', position: position(1), resync: false });
    await hub.idle();
    const { events } = subscribe(hub, lastEventId);
    expect(await take(events)).toEqual([position(1), { kind: 'resync' }]);
    await feed(hub, created(2));
    expect((await take(events))[0]).toBe(position(2));
  });

  it('a node behind the client delivers nothing twice', async () => {
    const { hub } = newHub();
    // Restarted from an old saved token: its stream is at 2, the client has seen up to 5 elsewhere.
    await hub.push({ type: 'begin', position: position(2), resync: false });
    await hub.idle();
    const { events } = subscribe(hub, position(5));
    const next = take(events);
    await feed(hub, created(3), created(4), created(5), created(6));
    expect((await next)[0]).toBe(position(6));
    await feed(hub, created(7));
    expect((await take(events))[0]).toBe(position(7));
  });

  it('waits for the stream to start before registering, and misses nothing from its first position', async () => {
    const { hub } = newHub();
    const { events } = subscribe(hub, null);
    const first = take(events);
    await hub.push({ type: 'begin', position: position(1), resync: false });
    expect(await first).toEqual([position(1), { kind: 'resync' }]);
    await feed(hub, created(2));
    expect((await take(events))[0]).toBe(position(2));
  });

  it('tells live subscribers to resync when the stream restarts without continuity', async () => {
    const { hub } = newHub();
    await hub.push({ type: 'begin', position: position(1), resync: false });
    const { events } = subscribe(hub, null);
    await take(events);
    await hub.push({ type: 'begin', position: position(50), resync: true });
    expect(await take(events)).toEqual([position(50), { kind: 'resync' }]);
  });

  it('disconnects a subscriber whose queue overflows instead of buffering more', async () => {
    const { hub } = newHub({ queueLimit: 2 });
    await hub.push({ type: 'begin', position: position(1), resync: false });
    let overflowed = 0;
    const { events } = subscribe(hub, null, { onOverflow: () => (overflowed += 1) });
    await take(events); // resync; the subscriber is registered now and reads nothing more
    await feed(hub, created(2), created(3), created(4));

    expect(overflowed).toBe(1);
    expect(hub.subscriberCount).toBe(0);
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });

  it("ends an overflowed subscription with the transport's error when it has no connection to drop", async () => {
    const { hub } = newHub({ queueLimit: 2 });
    await hub.push({ type: 'begin', position: position(1), resync: false });
    const { events } = subscribe(hub, null, { overflowError: () => new Error('subscriber too slow') });
    await take(events);
    await feed(hub, created(2), created(3), created(4));

    await expect(events.next()).rejects.toThrow('subscriber too slow');
    expect(hub.subscriberCount).toBe(0);
  });

  it('delivers a backlog queued while the client was not reading, in order and complete', async () => {
    const { hub } = newHub({ queueLimit: 100 });
    await hub.push({ type: 'begin', position: position(1), resync: false });
    const { events } = subscribe(hub, null);
    await take(events);
    await feed(hub, ...Array.from({ length: 50 }, (_, i) => created(i + 2)));

    const ids: string[] = [];
    for (let i = 0; i < 50; i += 1) ids.push((await take(events))[0]);
    expect(ids).toEqual(Array.from({ length: 50 }, (_, i) => position(i + 2)));
  });

  it('an aborted subscription leaves the hub at once', async () => {
    const { hub } = newHub();
    await hub.push({ type: 'begin', position: position(1), resync: false });
    const { events, controller } = subscribe(hub, null);
    await take(events);
    const pending = events.next();
    expect(hub.subscriberCount).toBe(1);
    controller.abort();
    expect(hub.subscriberCount).toBe(0);
    expect(await pending).toEqual({ done: true, value: undefined });
  });
});

describe('NotificationHub', () => {
  it('counts unread once per batch, only for users with a local subscriber', async () => {
    const { hub, countCalls } = newHub();
    await hub.push({ type: 'begin', position: position(1), resync: false });
    const { events } = subscribe(hub, null);
    await take(events);
    countCalls.length = 0;
    // Pushed in one go: one batch.
    void hub.push({ type: 'change', entry: created(2) });
    void hub.push({ type: 'change', entry: created(3, 'bob') });
    void hub.push({ type: 'change', entry: created(4) });
    await hub.idle();

    expect(countCalls).toEqual([['ada']]);
    expect((await take(events))[0]).toBe(position(2));
    expect((await take(events))[0]).toBe(position(4));
  });

  it('keeps the window bounded and moves its start past what it evicts', async () => {
    const { hub } = newHub({ windowSize: 2 });
    await hub.push({ type: 'begin', position: position(1), resync: false });
    await feed(hub, created(2), created(3), created(4));
    expect(hub.snapshot('ada', position(2))).toMatchObject({ covered: true, position: position(4) });
    expect(hub.snapshot('ada', position(1))).toMatchObject({ covered: false, changes: [] });
    expect(hub.snapshot('ada', position(2))?.changes.map((entry) => entry.position)).toEqual([
      position(3),
      position(4),
    ]);
  });
});
