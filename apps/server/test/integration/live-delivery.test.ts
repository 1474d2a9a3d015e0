// A document written straight into MongoDB reaches its user's live
// subscription, and only theirs; read state and deletes reach every tab.
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { httpClient, stackPerTest, titled } from '../support/test-server.js';

const { stack } = stackPerTest();

const isResync = (event: { kind: string }) => event.kind === 'resync';

describe('live delivery', () => {
  it('a document inserted straight into MongoDB reaches its user and no one else', async () => {
    const ada = await stack().subscribe('ada');
    const bob = await stack().subscribe('bob');
    await Promise.all([ada.waitForEvent(isResync), bob.waitForEvent(isResync)]);

    await stack().db.notifications.insertOne({ userId: 'ada', type: 'info', title: 'for ada' });
    await stack().db.notifications.insertOne({ userId: 'bob', type: 'info', title: 'for bob' });

    const received = await ada.waitForEvent(titled('for ada'));
    expect(received.event).toMatchObject({
      kind: 'created',
      notification: { userId: 'ada', readAt: null },
      unreadCount: 1,
    });
    await bob.waitForEvent(titled('for bob'));
    // Bob's stream is ordered: had ada's document reached him, it would be here before his own.
    const bobSaw = bob.events.map(({ event }) => (event.kind === 'created' ? event.notification.title : event.kind));
    expect(bobSaw).toEqual(['resync', 'for bob']);
    expect(ada.events.some(({ event }) => titled('for bob')(event))).toBe(false);
  });

  it('an invalid document is skipped and the next valid one still arrives', async () => {
    const ada = await stack().subscribe('ada');
    await ada.waitForEvent(isResync);

    await stack().db.notifications.insertOne({ userId: 'ada', type: 'info', link: 'javascript:alert(1)' });
    const { insertedId } = await stack().db.notifications.insertOne({ userId: 'ada', type: 'info', title: 'valid' });

    await ada.waitForEvent(titled('valid'));
    expect(ada.events.filter(({ event }) => event.kind === 'created')).toHaveLength(1);
    const skipped = await stack().node.logs.waitFor('Skipped notification change: document fails the schema');
    expect(skipped.level).toBe(40);

    // An update that breaks a shown one takes it out of the tabs, as lists leave it out.
    await stack().db.notifications.updateOne({ _id: insertedId }, { $set: { title: '' } });
    await ada.waitForEvent((e) => e.kind === 'deleted' && e.id === insertedId.toHexString());
    expect((await ada.api.notifications.list.query({ limit: 10 })).items).toEqual([]);
    const health = await httpClient(stack().url).health.status.query();
    expect(health.changeStreams).toMatchObject({ isWatching: true, restarts: 0 });
  });

  it('each delivered event carries the unread count after it', async () => {
    const ada = await stack().subscribe('ada');
    await ada.waitForEvent(isResync);

    await stack().db.notifications.insertMany([
      { userId: 'ada', type: 'info', title: 'one' },
      { userId: 'ada', type: 'info', title: 'two', readAt: new Date() },
      { userId: 'ada', type: 'info', title: 'three' },
    ]);

    expect((await ada.waitForEvent(titled('three'))).event).toMatchObject({ unreadCount: 2 });
    expect(stack().node.logs.messages()).toContain('Emitted notification to user');
  });

  it('marking read, marking all read and deleting reach every open tab of that user', async () => {
    const tab1 = await stack().subscribe('ada');
    const tab2 = await stack().subscribe('ada');
    await Promise.all([tab1.waitForEvent(isResync), tab2.waitForEvent(isResync)]);
    const { insertedIds } = await stack().db.notifications.insertMany([
      { userId: 'ada', type: 'info', title: 'first' },
      { userId: 'ada', type: 'info', title: 'second' },
    ]);
    const first = insertedIds[0]?.toHexString() ?? '';
    const second = insertedIds[1]?.toHexString() ?? '';
    await tab2.waitForEvent(titled('second'));

    // From tab 1, through the API.
    expect(await tab1.api.notifications.markRead.mutate({ id: first })).toEqual({ found: true, unreadCount: 1 });
    for (const tab of [tab1, tab2]) {
      const { event } = await tab.waitForEvent((e) => e.kind === 'updated' && e.notification.id === first);
      expect(event.kind === 'updated' && event.notification.readAt !== null).toBe(true);
      expect(event).toMatchObject({ unreadCount: 1 });
    }

    // Straight in the database, as another backend would.
    await stack().db.notifications.updateOne({ _id: insertedIds[1] }, { $set: { readAt: new Date() } });
    await tab2.waitForEvent((e) => e.kind === 'updated' && e.notification.id === second && e.unreadCount === 0);

    await tab1.api.notifications.markRead.mutate({ id: first, read: false });
    await tab2.waitForEvent(
      (e) => e.kind === 'updated' && e.notification.id === first && e.notification.readAt === null,
    );

    expect(await tab1.api.notifications.markAllRead.mutate()).toEqual({ updated: 1, unreadCount: 0 });
    await tab2.waitForEvent(
      (e) =>
        e.kind === 'updated' && e.notification.id === first && e.unreadCount === 0 && e.notification.readAt !== null,
    );

    await stack().db.notifications.deleteOne({ _id: insertedIds[0] });
    expect(await tab1.api.notifications.remove.mutate({ id: second })).toEqual({ found: true, unreadCount: 0 });
    for (const tab of [tab1, tab2]) {
      await tab.waitForEvent((e) => e.kind === 'deleted' && e.id === first);
      await tab.waitForEvent((e) => e.kind === 'deleted' && e.id === second);
    }
  });

  it("a notification given to another user leaves the former owner's tabs and reaches the new owner's", async () => {
    const ada = await stack().subscribe('ada');
    const bob = await stack().subscribe('bob');
    await Promise.all([ada.waitForEvent(isResync), bob.waitForEvent(isResync)]);
    const { insertedId } = await stack().db.notifications.insertOne({
      userId: 'ada',
      type: 'info',
      title: 'handed over',
    });
    await ada.waitForEvent(titled('handed over'));

    await stack().db.notifications.updateOne({ _id: insertedId }, { $set: { userId: 'bob' } });
    const gone = await ada.waitForEvent((e) => e.kind === 'deleted');
    expect(gone.event).toEqual({ kind: 'deleted', id: insertedId.toHexString(), unreadCount: 0 });
    const arrived = await bob.waitForEvent((e) => e.kind === 'updated');
    expect(arrived.event).toMatchObject({
      notification: { id: insertedId.toHexString(), userId: 'bob', title: 'handed over' },
      unreadCount: 1,
    });
    expect(bob.events.map(({ event }) => event.kind)).toEqual(['resync', 'updated']);
  });

  it("admin.send reaches each named user's subscription, and only an admin may send", async () => {
    const ada = await stack().subscribe('ada');
    const bob = await stack().subscribe('bob');
    const admin = await stack().subscribe('root', { role: 'admin' });
    await Promise.all([ada.waitForEvent(isResync), bob.waitForEvent(isResync)]);

    const result = await admin.api.admin.send.mutate({
      userIds: ['ada', 'bob', 'ada'],
      type: 'release',
      title: 'v2 is out',
    });
    expect(result).toEqual({ inserted: 2 });
    await ada.waitForEvent(titled('v2 is out'));
    await bob.waitForEvent(titled('v2 is out'));

    const refused = await ada.api.admin.send
      .mutate({ userIds: ['bob'], type: 'x', title: 'nope' })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect((refused as TRPCClientError<never>).data).toMatchObject({ code: 'FORBIDDEN' });
  });
});
