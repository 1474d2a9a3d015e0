// The unread count every live event carries is the database's count of the
// user's listable unread notifications as of that event (valid, unread, not
// archived), through every kind of change, with one writer so that "as of
// that event" is the database right after each write.
import type { NotificationEvent } from '@livebell/shared';
import { countsAsUnread } from '@livebell/shared/document';
import { ObjectId, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type LiveClient, type ReceivedEvent, type Stack } from '../support/test-server.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});

/** The database's count for the badge: what the list can show, unread, not archived. */
async function badgeInDatabase(userId: string): Promise<number> {
  const docs = await stack.db.notifications.find({ userId }).toArray();
  return docs.filter((doc) => countsAsUnread(doc)).length;
}

/** The next `n` events after the `seen` already checked. */
async function nextEvents(client: LiveClient, seen: number, n: number): Promise<ReceivedEvent[]> {
  await client.waitForEvent(() => client.events.length >= seen + n);
  return client.events.slice(seen, seen + n);
}

function countOf(event: NotificationEvent): number | null {
  return event.kind === 'resync' ? null : event.unreadCount;
}

function doc(userId: string, title: string | undefined, extra: Document = {}): Document & { _id: ObjectId } {
  const base = { ...extra, _id: new ObjectId(), userId, type: 'info' } as Document & { _id: ObjectId };
  if (title !== undefined) base.title = title;
  return base;
}

describe('unread counts on live events', () => {
  it('every event carries the count as of itself, through every kind of change', async () => {
    const ada = await stack.subscribe('ada');
    const bob = await stack.subscribe('bob');
    await ada.waitForEvent((event) => event.kind === 'resync');
    await bob.waitForEvent((event) => event.kind === 'resync');
    const { notifications } = stack.db;
    let seen = ada.events.length;

    /** Runs one write, then checks that its `n` events carry `expected` and the last one equals the database. */
    const step = async (write: () => Promise<unknown>, expected: number[]) => {
      await write();
      const events = await nextEvents(ada, seen, expected.length);
      seen += expected.length;
      expect(events.map(({ event }) => countOf(event))).toEqual(expected);
      expect(countOf(events.at(-1)?.event ?? { kind: 'resync' })).toBe(await badgeInDatabase('ada'));
    };

    const first = doc('ada', 'one');
    await step(() => notifications.insertOne(first), [1]);
    // A bulk insert: each event its own count, not the count after the batch.
    const bulk = [doc('ada', 'two'), doc('ada', 'three'), doc('ada', 'four')];
    await step(() => notifications.insertMany(bulk), [2, 3, 4]);
    // An invalid document: the list skips it, so it does not count; no event for it.
    const invalid = doc('ada', undefined);
    await notifications.insertOne(invalid);
    await step(() => notifications.insertOne(doc('ada', 'five')), [5]);
    expect(await badgeInDatabase('ada')).toBe(5);

    // Read and unread, in the database.
    await step(() => notifications.updateOne({ _id: first._id }, { $set: { readAt: new Date() } }), [4]);
    await step(() => notifications.updateOne({ _id: first._id }, { $set: { readAt: null } }), [5]);
    // An update that changes nothing the count depends on.
    await step(() => notifications.updateOne({ _id: first._id }, { $set: { body: 'edited' } }), [5]);

    // Read and unread through the API: the mutation's count is the events' count.
    const id = bulk[0]?._id.toHexString() ?? '';
    let result = await ada.api.notifications.markRead.mutate({ id });
    expect(result.unreadCount).toBe(4);
    await step(() => Promise.resolve(), [4]);
    result = await ada.api.notifications.markRead.mutate({ id, read: false });
    expect(result.unreadCount).toBe(5);
    await step(() => Promise.resolve(), [5]);
    expect(await ada.api.notifications.unreadCount.query()).toBe(5);

    // Deletes: of an unread one, of a read one.
    await step(() => notifications.deleteOne({ _id: bulk[1]?._id }), [4]);
    await notifications.updateOne({ _id: bulk[2]?._id }, { $set: { readAt: new Date() } });
    seen += 1;
    await step(() => notifications.deleteOne({ _id: bulk[2]?._id }), [3]);

    // Archived: still valid, but no longer counted.
    await step(() => notifications.updateOne({ _id: first._id }, { $set: { archivedAt: new Date() } }), [2]);

    // Given to another user: a delete for ada with her count, a change for bob with his.
    const bobSeen = bob.events.length;
    await step(() => notifications.updateOne({ _id: bulk[0]?._id }, { $set: { userId: 'bob' } }), [1]);
    const [moved] = await nextEvents(bob, bobSeen, 1);
    expect(moved?.event).toMatchObject({ kind: 'updated', unreadCount: 1 });
    expect(await badgeInDatabase('bob')).toBe(1);

    // Made invalid: it leaves the list, and the count.
    const last = await notifications.findOne({ userId: 'ada', title: 'five' });
    await step(() => notifications.updateOne({ _id: last?._id }, { $unset: { title: '' } }), [0]);

    // Mark all read through the API, with two unread: it reads the inbox only, so the archived one stays
    // unread; it also touches the unread invalid documents, whose events carry the count unchanged; the
    // two counted ones count down.
    await notifications.insertMany([doc('ada', 'six'), doc('ada', 'seven')]);
    await nextEvents(ada, seen, 2);
    seen += 2;
    const all = await ada.api.notifications.markAllRead.mutate();
    expect(all).toEqual({ updated: 4, unreadCount: 0 });
    const marked = await nextEvents(ada, seen, 4);
    expect(marked.map(({ event }) => countOf(event))).toEqual([2, 2, 1, 0]);
    expect(marked.flatMap(({ event }) => (event.kind === 'updated' ? [event.notification.title] : []))).toEqual([
      'six',
      'seven',
    ]);
    expect(await ada.api.notifications.unreadCount.query()).toBe(0);
    expect((await ada.api.notifications.list.query({ limit: 100 })).items.filter((n) => n.readAt === null)).toEqual([]);
  });
});
