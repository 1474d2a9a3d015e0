// The replay -> live hand-over, driven without a network: a real fan-out fed
// by hand, a scripted catch-up source, and unread counts from a function.
import type { Notification, NotificationEvent } from '@livebell/shared';
import { describe, expect, it } from 'vitest';
import { CatchUpUnavailable, type CatchUpSource } from '../../src/live-delivery/catch-up-streams.js';
import { eventSubscription, type TrackedEvent } from '../../src/live-delivery/event-subscription.js';
import { FanOut } from '../../src/live-delivery/fan-out.js';
import type { PositionedChange } from '../../src/live-delivery/notification-change.js';
import { clusterTimeOfPosition } from '../../src/live-delivery/stream-position.js';
import type { SubscriberTransport } from '../../src/live-delivery/subscriber-transport.js';
import type { CountRead } from '../../src/live-delivery/unread-counts.js';
import { silentLogger } from '../support/silent-logger.js';
import { position } from '../support/stream-positions.js';
import { createMetrics } from '../../src/metrics/metrics.js';

function created(n: number, userId = 'ada'): PositionedChange {
  const notification: Notification = {
    id: n.toString(16).padStart(24, '0'),
    userId,
    type: 'info',
    title: `notification ${n}`,
    createdAt: '2026-01-01T00:00:00.000Z',
    readAt: null,
  };
  return {
    position: position(n),
    userId,
    change: { kind: 'created', notification },
    unreadDelta: 1,
    committedAtMs: Date.now(),
  };
}

/** About two created events fit; a third overflows. */
const TWO_EVENTS_BYTES = 600;

/**
 * A fan-out whose count reads answer `count` for every user, exact at the
 * position applied when the read runs (as a database read now would be);
 * `readCounts` replaces that.
 */
function newFanOut(
  options: {
    windowSize?: number;
    limitBytes?: number;
    count?: number;
    readCounts?: (userIds: readonly string[]) => Promise<CountRead>;
  } = {},
) {
  const countCalls: string[][] = [];
  const fanOut: FanOut = new FanOut({
    readCounts:
      options.readCounts ??
      ((userIds) => {
        countCalls.push([...userIds]);
        const counts = new Map(userIds.map((userId) => [userId, options.count ?? 7]));
        return Promise.resolve({ counts, time: clusterTimeOfPosition(fanOut.position ?? '') });
      }),
    logger: silentLogger(),
    windowSize: options.windowSize ?? 100,
    subscriberLimitBytes: options.limitBytes ?? 1024 * 1024,
  });
  return { fanOut, countCalls };
}

/** Resolves once a subscription has registered (it does so a few microtasks after its first `next()`). */
async function registered(fanOut: FanOut): Promise<void> {
  while (fanOut.subscriberCount === 0) await Promise.resolve();
}

/** Lets a count read scheduled now run and answer. */
function seeded(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function feed(fanOut: FanOut, ...changes: PositionedChange[]): void {
  for (const entry of changes) fanOut.apply({ type: 'change', entry });
}

function begin(fanOut: FanOut, n: number, resync = false): void {
  fanOut.apply({ type: 'begin', position: position(n), resync });
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

/** A transport that holds what `backlog` says, counts its cuts, and ends a cut subscription with `error`, if any. */
function scriptedTransport(script: { backlog?: () => number; error?: Error } = {}) {
  const transport = {
    kind: 'websocket' as const,
    cuts: 0,
    backlog: script.backlog ?? (() => 0),
    cut() {
      transport.cuts += 1;
      return script.error;
    },
  };
  return transport;
}

function subscribe(
  fanOut: FanOut,
  lastEventId: string | null,
  deps: { catchUp?: CatchUpSource; transport?: SubscriberTransport; slot?: { release(): void } } = {},
) {
  const controller = new AbortController();
  const events = eventSubscription(
    { fanOut, catchUp: deps.catchUp ?? noCatchUp, logger: silentLogger(), metrics: createMetrics({ enabled: false }) },
    {
      userId: 'ada',
      lastEventId,
      signal: controller.signal,
      transport: deps.transport ?? scriptedTransport(),
      slot: deps.slot,
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
  it('a fresh client gets resync at the current position first, then live events with their counts', async () => {
    const { fanOut } = newFanOut();
    begin(fanOut, 1);
    feed(fanOut, created(2));
    const { events } = subscribe(fanOut, null);

    expect(await take(events)).toEqual([position(2), { kind: 'resync' }]);
    await seeded();
    feed(fanOut, created(3));
    const [id, event] = await take(events);
    expect(id).toBe(position(3));
    // Seeded with 7 at position 2, then one more unread.
    expect(event).toMatchObject({ kind: 'created', unreadCount: 8 });
  });

  it('replays the window after lastEventId for this user only, with the count as of the hand-over', async () => {
    const { fanOut } = newFanOut({ count: 3 });
    begin(fanOut, 1);
    feed(fanOut, created(2), created(3, 'bob'), created(4), created(5));
    const { events } = subscribe(fanOut, position(2));

    expect(await take(events)).toEqual([position(4), expect.objectContaining({ kind: 'created', unreadCount: 3 })]);
    expect(await take(events)).toEqual([position(5), expect.objectContaining({ unreadCount: 3 })]);
  });

  it('an event that lands between replay and live is delivered once, with its own count', async () => {
    let answer = (_read: CountRead) => undefined as void;
    let asked = () => undefined as void;
    const readAsked = new Promise<void>((resolve) => (asked = resolve));
    const { fanOut } = newFanOut({
      readCounts: () => {
        asked();
        return new Promise<CountRead>((resolve) => (answer = resolve));
      },
    });
    begin(fanOut, 1);
    feed(fanOut, created(2), created(3));
    const { events } = subscribe(fanOut, position(2));
    const first = take(events);
    await readAsked;
    // The replay is under way (it waits for the count): event 4 lands now, after the read's time.
    feed(fanOut, created(4));
    answer({ counts: new Map([['ada', 2]]), time: clusterTimeOfPosition(position(3)) });
    feed(fanOut, created(5));

    const delivered = [await first, await take(events), await take(events)];
    expect(delivered.map(([id, event]) => [id, event.kind === 'resync' ? null : event.unreadCount])).toEqual([
      [position(3), 2],
      [position(4), 3],
      [position(5), 4],
    ]);
  });

  it('a catch-up that overlaps the live queue delivers each event once, in order', async () => {
    const { fanOut } = newFanOut({ windowSize: 2 });
    begin(fanOut, 1);
    feed(fanOut, created(2), created(3), created(4)); // the window now starts after 2
    // The database's history already has event 5; the fan-out applies it below.
    const catchUp = scriptedCatchUp({
      expectAfter: position(1),
      changes: [created(2), created(3), created(4), created(5)],
    });
    const { events } = subscribe(fanOut, position(1), { catchUp });
    const replayed = [await take(events), await take(events), await take(events)];
    feed(fanOut, created(5), created(6));
    replayed.push(await take(events), await take(events));
    expect(replayed.map(([id]) => id)).toEqual([2, 3, 4, 5, 6].map(position));
  });

  it('a history-lost token yields resync, then live events', async () => {
    const { fanOut } = newFanOut({ windowSize: 1 });
    begin(fanOut, 10);
    feed(fanOut, created(11), created(12));
    const catchUp = scriptedCatchUp({
      error: new CatchUpUnavailable('catch-up stream failed: ChangeStreamHistoryLost (code 286)'),
    });
    const { events } = subscribe(fanOut, position(3), { catchUp });

    expect(await take(events)).toEqual([position(12), { kind: 'resync' }]);
    feed(fanOut, created(13));
    expect((await take(events))[0]).toBe(position(13));
  });

  it.each([
    ['not a resume token'],
    ['ABCD'],
    // Well-formed, but its cluster time is centuries ahead: it would hide every real event.
    ['82FFFFFFFF0000000101'],
  ])('an unreadable lastEventId (%s) yields resync, then live events', async (lastEventId) => {
    const { fanOut } = newFanOut();
    begin(fanOut, 1);
    const { events } = subscribe(fanOut, lastEventId);
    expect(await take(events)).toEqual([position(1), { kind: 'resync' }]);
    feed(fanOut, created(2));
    expect((await take(events))[0]).toBe(position(2));
  });

  it('a node behind the client delivers nothing twice', async () => {
    const { fanOut } = newFanOut();
    // Restarted from an old saved token: its stream is at 2, the client has seen up to 5 elsewhere.
    begin(fanOut, 2);
    const { events } = subscribe(fanOut, position(5));
    const next = take(events);
    feed(fanOut, created(3), created(4), created(5), created(6));
    expect((await next)[0]).toBe(position(6));
    feed(fanOut, created(7));
    expect((await take(events))[0]).toBe(position(7));
  });

  it('waits for the stream to start before registering, and misses nothing from its first position', async () => {
    const { fanOut } = newFanOut();
    const { events } = subscribe(fanOut, null);
    const first = take(events);
    begin(fanOut, 1);
    expect(await first).toEqual([position(1), { kind: 'resync' }]);
    feed(fanOut, created(2));
    expect((await take(events))[0]).toBe(position(2));
  });

  it('tells live subscribers to resync when the stream restarts without continuity', async () => {
    const { fanOut } = newFanOut();
    begin(fanOut, 1);
    const { events } = subscribe(fanOut, null);
    await take(events);
    begin(fanOut, 50, true);
    expect(await take(events)).toEqual([position(50), { kind: 'resync' }]);
  });

  it('disconnects a subscriber whose waiting events pass its byte limit instead of buffering more', async () => {
    const { fanOut } = newFanOut({ limitBytes: TWO_EVENTS_BYTES });
    begin(fanOut, 1);
    const transport = scriptedTransport();
    const { events } = subscribe(fanOut, null, { transport });
    await take(events); // resync; the subscriber is registered now and reads nothing more
    await seeded();
    feed(fanOut, created(2), created(3), created(4));

    expect(transport.cuts).toBe(1);
    expect(fanOut.subscriberCount).toBe(0);
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });

  it('counts what its transport has not sent against the limit', async () => {
    const { fanOut } = newFanOut({ limitBytes: TWO_EVENTS_BYTES });
    begin(fanOut, 1);
    let socketBuffer = 0;
    const transport = scriptedTransport({ backlog: () => socketBuffer });
    const { events } = subscribe(fanOut, null, { transport });
    await take(events);
    await seeded();
    feed(fanOut, created(2));
    expect((await take(events))[0]).toBe(position(2));
    // The queue is empty, but the socket still holds bytes the client has not read.
    socketBuffer = TWO_EVENTS_BYTES;
    feed(fanOut, created(3));

    expect(transport.cuts).toBe(1);
    expect(fanOut.subscriberCount).toBe(0);
  });

  it("ends an overflowed subscription with the error its transport's cut returns", async () => {
    const { fanOut } = newFanOut({ limitBytes: TWO_EVENTS_BYTES });
    begin(fanOut, 1);
    const { events } = subscribe(fanOut, null, {
      transport: scriptedTransport({ error: new Error('subscriber too slow') }),
    });
    await take(events);
    await seeded();
    feed(fanOut, created(2), created(3), created(4));

    await expect(events.next()).rejects.toThrow('subscriber too slow');
    expect(fanOut.subscriberCount).toBe(0);
  });

  it('gives its slot back once it ends, however it ends: stopped, overflowed, or before the stream started', async () => {
    const released: string[] = [];
    const slot = (name: string) => ({ release: () => released.push(name) });
    const { fanOut } = newFanOut({ limitBytes: TWO_EVENTS_BYTES });

    const waiting = subscribe(fanOut, null, { slot: slot('waiting for the stream') });
    const waited = waiting.events.next();
    waiting.controller.abort();
    expect(await waited).toEqual({ done: true, value: undefined });

    begin(fanOut, 1);
    const stopped = subscribe(fanOut, null, { slot: slot('stopped') });
    await take(stopped.events);
    const pending = stopped.events.next();
    stopped.controller.abort();
    await pending;

    const overflowed = subscribe(fanOut, null, {
      slot: slot('overflowed'),
      transport: scriptedTransport({ error: new Error('subscriber too slow') }),
    });
    await take(overflowed.events);
    await seeded();
    feed(fanOut, created(2), created(3), created(4));
    await expect(overflowed.events.next()).rejects.toThrow('subscriber too slow');

    expect(released).toEqual(['waiting for the stream', 'stopped', 'overflowed']);
  });

  it('delivers a backlog queued while the client was not reading, in order and complete', async () => {
    const { fanOut } = newFanOut();
    begin(fanOut, 1);
    const { events } = subscribe(fanOut, null);
    await take(events);
    feed(fanOut, ...Array.from({ length: 50 }, (_, i) => created(i + 2)));

    const ids: string[] = [];
    for (let i = 0; i < 50; i += 1) ids.push((await take(events))[0]);
    expect(ids).toEqual(Array.from({ length: 50 }, (_, i) => position(i + 2)));
  });

  it('holds its transport while it drains events that arrived together, and a lone event goes out unheld', async () => {
    const { fanOut } = newFanOut();
    begin(fanOut, 1);
    const log: string[] = [];
    const transport: SubscriberTransport = {
      kind: 'websocket',
      backlog: () => 0,
      cut: () => undefined,
      hold: () => void log.push('hold'),
      release: () => void log.push('release'),
    };
    const { events, controller } = subscribe(fanOut, null, { transport });
    await take(events);
    await seeded();

    feed(fanOut, created(2), created(3), created(4));
    for (let i = 0; i < 3; i += 1) log.push((await take(events))[0]);
    const next = events.next();
    expect(log).toEqual(['hold', position(2), position(3), position(4), 'release']);

    feed(fanOut, created(5));
    log.length = 0;
    log.push(String(((await next).value as TrackedEvent)[0]));
    const end = events.next();
    expect(log).toEqual([position(5)]);
    controller.abort();
    expect(await end).toEqual({ done: true, value: undefined });
  });

  it('a subscription aborted before it starts ends at once: it registers nothing, reads no count, and gives its slot back', async () => {
    const released: string[] = [];
    const { fanOut, countCalls } = newFanOut();
    begin(fanOut, 1);
    const { events, controller } = subscribe(fanOut, null, { slot: { release: () => released.push('early') } });
    controller.abort();
    expect(await events.next()).toEqual({ done: true, value: undefined });
    expect(fanOut.subscriberCount).toBe(0);
    expect(countCalls).toEqual([]);
    expect(released).toEqual(['early']);
  });

  it('an aborted subscription leaves the fan-out at once', async () => {
    const { fanOut } = newFanOut();
    begin(fanOut, 1);
    const { events, controller } = subscribe(fanOut, null);
    await take(events);
    const pending = events.next();
    expect(fanOut.subscriberCount).toBe(1);
    controller.abort();
    expect(fanOut.subscriberCount).toBe(0);
    expect(fanOut.countedUsers).toBe(0);
    expect(await pending).toEqual({ done: true, value: undefined });
  });
});

describe('FanOut', () => {
  it('reads a count once when a user subscribes, never per change, and only for users with a local subscriber', async () => {
    const { fanOut, countCalls } = newFanOut();
    begin(fanOut, 1);
    const { events } = subscribe(fanOut, null);
    await take(events);
    await seeded();
    feed(fanOut, created(2), created(3, 'bob'), created(4));

    expect(await take(events)).toEqual([position(2), expect.objectContaining({ unreadCount: 8 })]);
    expect(await take(events)).toEqual([position(4), expect.objectContaining({ unreadCount: 9 })]);
    expect(countCalls).toEqual([['ada']]);
  });

  it('a count read that answers after later changes puts each of them at its own count', async () => {
    const { fanOut } = newFanOut();
    begin(fanOut, 1);
    const { events } = subscribe(fanOut, null);
    const resync = take(events);
    await registered(fanOut);
    // The read runs after 2, 3 and 4 are applied: its 7 already holds all three.
    feed(fanOut, created(2), created(3), created(4));
    expect(await resync).toEqual([position(1), { kind: 'resync' }]);
    const counts = [await take(events), await take(events), await take(events)].map(([, event]) =>
      event.kind === 'resync' ? null : event.unreadCount,
    );
    expect(counts).toEqual([5, 6, 7]);
  });

  it("holds changes, and a fresh client's resync, until the stream passes the time of the count read", async () => {
    const { fanOut } = newFanOut({
      readCounts: () => Promise.resolve({ counts: new Map([['ada', 10]]), time: clusterTimeOfPosition(position(3)) }),
    });
    begin(fanOut, 1);
    const { events } = subscribe(fanOut, null);
    let resynced = false;
    const resync = take(events).then((value) => {
      resynced = true;
      return value;
    });
    await registered(fanOut);
    feed(fanOut, created(2));
    await seeded();
    // The read is exact at 3; nothing can be counted before the stream reaches it.
    expect(resynced).toBe(false);
    feed(fanOut, created(3), created(4));
    expect(await resync).toEqual([position(1), { kind: 'resync' }]);
    expect(await take(events)).toEqual([position(2), expect.objectContaining({ unreadCount: 9 })]);
    expect(await take(events)).toEqual([position(3), expect.objectContaining({ unreadCount: 10 })]);
    expect(await take(events)).toEqual([position(4), expect.objectContaining({ unreadCount: 11 })]);
  });

  it('recounts a user when a change cannot say how it moves the count', async () => {
    const { fanOut, countCalls } = newFanOut({ count: 4 });
    begin(fanOut, 1);
    const { events } = subscribe(fanOut, null);
    await take(events);
    await seeded();
    feed(fanOut, { ...created(2), unreadDelta: null });
    expect(await take(events)).toEqual([position(2), expect.objectContaining({ unreadCount: 4 })]);
    expect(countCalls).toEqual([['ada'], ['ada']]);
  });

  it("drops a user's count when the last subscriber leaves", async () => {
    const { fanOut } = newFanOut();
    begin(fanOut, 1);
    const first = subscribe(fanOut, null);
    const second = subscribe(fanOut, null);
    await take(first.events);
    await take(second.events);
    expect(fanOut.countedUsers).toBe(1);
    first.controller.abort();
    expect(fanOut.countedUsers).toBe(1);
    second.controller.abort();
    expect(fanOut.countedUsers).toBe(0);
  });

  it('keeps the window bounded and moves its start past what it evicts', () => {
    const { fanOut } = newFanOut({ windowSize: 2 });
    begin(fanOut, 1);
    feed(fanOut, created(2), created(3), created(4));
    expect(fanOut.snapshot('ada', position(2))).toMatchObject({ covered: true, position: position(4) });
    expect(fanOut.snapshot('ada', position(1))).toMatchObject({ covered: false, changes: [] });
    expect(fanOut.snapshot('ada', position(2))?.changes.map((entry) => entry.position)).toEqual([
      position(3),
      position(4),
    ]);
  });
});
