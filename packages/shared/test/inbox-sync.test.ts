import { numberedNotification } from '@livebell/test-support';
import { describe, expect, it } from 'vitest';
import {
  applyNotificationEvent,
  InboxSync,
  type DataEvent,
  type Notification,
  type NotificationEvent,
} from '../src/index.js';

interface Inbox {
  items: readonly Notification[];
  unreadCount: number;
}

/** A cache the way the app keeps one, and a refetch whose response the test releases by hand. */
function harness(options: { pendingLimit?: number } = {}) {
  const cache: Inbox = { items: [], unreadCount: 0 };
  const applied: DataEvent[] = [];
  const refetches: Array<(snapshot: Inbox) => void> = [];
  const sync = new InboxSync(
    {
      apply(event) {
        applied.push(event);
        cache.items = applyNotificationEvent(cache.items, event);
        cache.unreadCount = event.unreadCount;
      },
      refetch: () =>
        new Promise<void>((resolve) => {
          refetches.push((snapshot) => {
            cache.items = snapshot.items;
            cache.unreadCount = snapshot.unreadCount;
            resolve();
          });
        }),
    },
    options,
  );
  /** Answers the oldest outstanding refetch with `snapshot` and lets its continuation run. */
  async function answer(snapshot: Inbox): Promise<void> {
    const respond = refetches.shift();
    if (respond === undefined) throw new Error('no refetch is outstanding');
    respond(snapshot);
    // Lets every promise continuation queued by the response run.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { sync, cache, applied, refetches, answer };
}

const created = (n: number, unreadCount: number): NotificationEvent => ({
  kind: 'created',
  notification: numberedNotification(n),
  unreadCount,
});

describe('InboxSync', () => {
  it('starts a refetch of list and count on resync', () => {
    const { sync, refetches } = harness();
    sync.receive({ kind: 'resync' });
    expect(refetches).toHaveLength(1);
  });

  it('keeps an event that arrived during a refetch whose snapshot predates it', async () => {
    const { sync, cache, answer } = harness();
    sync.receive({ kind: 'resync' });
    sync.receive(created(3, 3));
    await answer({ items: [numberedNotification(2), numberedNotification(1)], unreadCount: 2 });
    expect(cache.items.map((n) => n.title)).toEqual(['#3', '#2', '#1']);
    expect(cache.unreadCount).toBe(3);
  });

  it('does not double an event the refetched snapshot already holds', async () => {
    const { sync, cache, answer } = harness();
    sync.receive({ kind: 'resync' });
    sync.receive(created(2, 2));
    await answer({ items: [numberedNotification(2), numberedNotification(1)], unreadCount: 2 });
    expect(cache.items.map((n) => n.title)).toEqual(['#2', '#1']);
    expect(cache.unreadCount).toBe(2);
  });

  it('ends at the newest read state when several updates of one notification arrive during a refetch', async () => {
    const { sync, cache, answer } = harness();
    sync.receive({ kind: 'resync' });
    sync.receive({
      kind: 'updated',
      notification: numberedNotification(1, '2026-01-02T00:00:00.000Z'),
      unreadCount: 0,
    });
    sync.receive({ kind: 'updated', notification: numberedNotification(1), unreadCount: 1 });
    await answer({ items: [numberedNotification(1, '2026-01-02T00:00:00.000Z')], unreadCount: 0 });
    expect(cache.items[0]?.readAt).toBeNull();
    expect(cache.unreadCount).toBe(1);
  });

  it('applies an event once when no fetch is in flight', () => {
    const { sync, cache, applied } = harness();
    sync.receive(created(1, 1));
    expect(applied).toHaveLength(1);
    expect(cache.items).toHaveLength(1);
    expect(sync.fetching).toBe(false);
  });

  it('drops an event whose tracked id is not above the last applied one: a duplicate or a stale one', () => {
    const { sync, cache, applied } = harness();
    expect(sync.receive(created(1, 1), '8201')).toBe(true);
    const read = {
      kind: 'updated',
      notification: numberedNotification(1, '2026-01-02T00:00:00.000Z'),
      unreadCount: 0,
    } as const;
    expect(sync.receive(read, '8202')).toBe(true);
    expect(sync.receive(read, '8202')).toBe(false);
    expect(sync.receive(created(1, 1), '8201')).toBe(false);
    expect(applied).toHaveLength(2);
    expect(cache.items.map((n) => n.readAt)).toEqual(['2026-01-02T00:00:00.000Z']);
    expect(cache.unreadCount).toBe(0);
  });

  it('starts the order again at a resync, whose id may be below the last one applied', async () => {
    const { sync, cache, answer } = harness();
    sync.receive(created(1, 1), '8209');
    sync.receive({ kind: 'resync' }, '8205');
    expect(sync.receive(created(2, 2), '8206')).toBe(true);
    await answer({ items: [numberedNotification(1)], unreadCount: 1 });
    expect(cache.items.map((n) => n.title)).toEqual(['#2', '#1']);
    expect(cache.unreadCount).toBe(2);
  });

  it('re-applies only after the last of overlapping fetches settles', async () => {
    const { sync, cache, answer } = harness();
    sync.receive({ kind: 'resync' });
    sync.receive({ kind: 'resync' });
    sync.receive(created(5, 5));
    await answer({ items: [], unreadCount: 4 });
    expect(cache.items).toEqual([]);
    await answer({ items: [numberedNotification(4)], unreadCount: 4 });
    expect(cache.items.map((n) => n.title)).toEqual(['#5', '#4']);
    expect(cache.unreadCount).toBe(5);
  });

  it('protects any tracked fetch, such as loading an older page, and passes its result through', async () => {
    const { sync, cache } = harness();
    let release: (items: readonly Notification[]) => void = () => undefined;
    const older = sync.track(
      () =>
        new Promise<string>((resolve) => {
          release = (items) => {
            cache.items = items;
            resolve('page 2');
          };
        }),
    );
    sync.receive(created(9, 1));
    release([numberedNotification(8)]);
    await expect(older).resolves.toBe('page 2');
    expect(cache.items.map((n) => n.title)).toEqual(['#9', '#8']);
  });

  it('still re-applies remembered events when a tracked fetch fails', async () => {
    const { sync, cache } = harness();
    const failing = sync.track(() => Promise.reject(new Error('offline')));
    sync.receive(created(1, 1));
    cache.items = [];
    await expect(failing).rejects.toThrow('offline');
    expect(cache.items.map((n) => n.title)).toEqual(['#1']);
    expect(sync.fetching).toBe(false);
  });

  it('refetches once more instead of remembering more events than its limit', async () => {
    const { sync, cache, refetches, answer } = harness({ pendingLimit: 2 });
    sync.receive({ kind: 'resync' });
    for (let n = 1; n <= 3; n += 1) sync.receive(created(n, n));
    await answer({ items: [], unreadCount: 0 });
    expect(refetches).toHaveLength(1);
    await answer({
      items: [numberedNotification(3), numberedNotification(2), numberedNotification(1)],
      unreadCount: 3,
    });
    expect(cache.items).toHaveLength(3);
    expect(refetches).toHaveLength(0);
  });
});
