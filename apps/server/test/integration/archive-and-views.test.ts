// Archive, the list's views and type filter, and actions on documents:
// through the official driver and real tRPC clients, each scoped to the
// signed-in user.
import { TRPCClientError } from '@trpc/client';
import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { AppRouter } from '../../src/index.js';
import { stackPerTest, titled } from '../support/test-server.js';

const { stack, apiFor } = stackPerTest();

/** Inserts ada's notifications in order (oldest first) and returns their ids. */
async function insertForAda(docs: Record<string, unknown>[]): Promise<string[]> {
  const ids = docs.map(() => new ObjectId());
  await stack().db.notifications.insertMany(docs.map((doc, n) => ({ _id: ids[n], userId: 'ada', ...doc })));
  return ids.map((id) => id.toHexString());
}

const titles = (page: { items: { title: string }[] }) => page.items.map((item) => item.title);

describe('archive', () => {
  it('takes a notification out of the inbox and the unread count, and restores it', async () => {
    const ada = await apiFor('ada');
    const [first = ''] = await insertForAda([
      { type: 'info', title: 'one' },
      { type: 'info', title: 'two' },
    ]);
    expect(await ada.notifications.unreadCount.query()).toBe(2);

    expect(await ada.notifications.archive.mutate({ id: first })).toEqual({ found: true, unreadCount: 1 });
    // Archiving again changes nothing, and keeps the first archivedAt.
    const stored = await stack().db.notifications.findOne({ _id: new ObjectId(first) });
    const archivedAt: unknown = stored?.archivedAt;
    if (!(archivedAt instanceof Date)) throw new Error('expected archivedAt to be a date');
    expect(await ada.notifications.archive.mutate({ id: first })).toEqual({ found: true, unreadCount: 1 });
    expect((await stack().db.notifications.findOne({ _id: new ObjectId(first) }))?.archivedAt).toEqual(archivedAt);

    expect(titles(await ada.notifications.list.query({}))).toEqual(['two']);
    const archived = await ada.notifications.list.query({ view: 'archived' });
    expect(archived.items).toEqual([
      expect.objectContaining({ id: first, title: 'one', readAt: null, archivedAt: archivedAt.toISOString() }),
    ]);

    expect(await ada.notifications.archive.mutate({ id: first, archived: false })).toEqual({
      found: true,
      unreadCount: 2,
    });
    expect(titles(await ada.notifications.list.query({ view: 'inbox' }))).toEqual(['two', 'one']);
    expect(await ada.notifications.list.query({ view: 'archived' })).toEqual({ items: [], nextCursor: null });
  });

  it('archiveAllRead archives the read notifications of the inbox and leaves unread ones', async () => {
    const ada = await apiFor('ada');
    await insertForAda([
      { type: 'info', title: 'read one', readAt: new Date() },
      { type: 'info', title: 'unread' },
      { type: 'info', title: 'read two', readAt: new Date() },
    ]);
    expect(await ada.notifications.archiveAllRead.mutate()).toEqual({ updated: 2, unreadCount: 1 });
    expect(titles(await ada.notifications.list.query({}))).toEqual(['unread']);
    expect(titles(await ada.notifications.list.query({ view: 'archived' }))).toEqual(['read two', 'read one']);
    expect(await ada.notifications.archiveAllRead.mutate()).toEqual({ updated: 0, unreadCount: 1 });
  });

  it('markAllRead reads the inbox only: an archived unread notification stays unread, and counts again once restored', async () => {
    const ada = await apiFor('ada');
    const [, filed = ''] = await insertForAda([
      { type: 'info', title: 'in the inbox' },
      { type: 'info', title: 'filed unread', archivedAt: new Date() },
    ]);
    expect(await ada.notifications.markAllRead.mutate()).toEqual({ updated: 1, unreadCount: 0 });
    expect((await stack().db.notifications.findOne({ _id: new ObjectId(filed) }))?.readAt).toBeUndefined();
    expect(await ada.notifications.archive.mutate({ id: filed, archived: false })).toEqual({
      found: true,
      unreadCount: 1,
    });
  });

  it("cannot archive or restore another user's notification", async () => {
    const ada = await apiFor('ada');
    const { insertedId } = await stack().db.notifications.insertOne({ userId: 'bob', type: 'info', title: "bob's" });
    const id = insertedId.toHexString();
    expect(await ada.notifications.archive.mutate({ id })).toEqual({ found: false, unreadCount: 0 });
    expect(await ada.notifications.archive.mutate({ id, archived: false })).toEqual({ found: false, unreadCount: 0 });
    expect(await ada.notifications.archiveAllRead.mutate()).toEqual({ updated: 0, unreadCount: 0 });
    expect((await stack().db.notifications.findOne({ _id: insertedId }))?.archivedAt).toBeUndefined();
    expect(await (await apiFor('bob')).notifications.unreadCount.query()).toBe(1);
  });

  it("reaches the user's other connections live, with archivedAt and the unread count", async () => {
    const tab1 = await stack().subscribe('ada');
    const tab2 = await stack().subscribe('ada');
    // Subscribed from now on: each starts with a resync.
    const isResync = (e: { kind: string }) => e.kind === 'resync';
    await Promise.all([tab1.waitForEvent(isResync), tab2.waitForEvent(isResync)]);
    await stack().db.notifications.insertMany([
      { userId: 'ada', type: 'info', title: 'kept' },
      { userId: 'ada', type: 'info', title: 'archived' },
    ]);
    const created = await tab2.waitForEvent(titled('archived'));
    if (created.event.kind !== 'created') throw new Error('expected a created event');
    const id = created.event.notification.id;
    expect(created.event.notification.archivedAt).toBeNull();

    await tab1.api.notifications.archive.mutate({ id });
    const archived = await tab2.waitForEvent(
      (e) => e.kind === 'updated' && e.notification.id === id && e.notification.archivedAt != null,
    );
    expect(archived.event).toMatchObject({ unreadCount: 1 });

    await tab1.api.notifications.archive.mutate({ id, archived: false });
    const restored = await tab2.waitForEvent(
      (e) => e.kind === 'updated' && e.notification.id === id && e.notification.archivedAt === null,
    );
    expect(restored.event).toMatchObject({ unreadCount: 2 });
  });

  it('an archived document written by a producer is listed as archived and not counted', async () => {
    const ada = await apiFor('ada');
    await insertForAda([
      { type: 'info', title: 'in the inbox', archivedAt: null },
      { type: 'info', title: 'filed away', archivedAt: new Date('2026-01-01T00:00:00Z') },
    ]);
    expect(await ada.notifications.unreadCount.query()).toBe(1);
    expect(titles(await ada.notifications.list.query({}))).toEqual(['in the inbox']);
    expect(await ada.notifications.list.query({ view: 'archived' })).toEqual({
      items: [expect.objectContaining({ title: 'filed away', archivedAt: '2026-01-01T00:00:00.000Z' })],
      nextCursor: null,
    });
  });
});

describe('list views and the type filter', () => {
  it('inbox, unread and archived views, each filtered by type, page by cursor', async () => {
    const ada = await apiFor('ada');
    const read = new Date();
    const archivedAt = new Date();
    await insertForAda([
      { type: 'info', title: 'i1' },
      { type: 'mention', title: 'm1', readAt: read },
      { type: 'info', title: 'i2', readAt: read },
      { type: 'mention', title: 'm2' },
      { type: 'info', title: 'i3', archivedAt },
      { type: 'mention', title: 'm3', readAt: read, archivedAt },
      { type: 'info', title: 'i4' },
    ]);

    expect(titles(await ada.notifications.list.query({}))).toEqual(['i4', 'm2', 'i2', 'm1', 'i1']);
    expect(titles(await ada.notifications.list.query({ view: 'unread' }))).toEqual(['i4', 'm2', 'i1']);
    expect(titles(await ada.notifications.list.query({ view: 'archived' }))).toEqual(['m3', 'i3']);
    expect(titles(await ada.notifications.list.query({ type: 'mention' }))).toEqual(['m2', 'm1']);
    expect(titles(await ada.notifications.list.query({ view: 'unread', type: 'info' }))).toEqual(['i4', 'i1']);
    expect(titles(await ada.notifications.list.query({ view: 'archived', type: 'info' }))).toEqual(['i3']);
    expect(await ada.notifications.list.query({ type: 'billing' })).toEqual({ items: [], nextCursor: null });

    const page1 = await ada.notifications.list.query({ view: 'unread', limit: 2 });
    expect(titles(page1)).toEqual(['i4', 'm2']);
    const page2 = await ada.notifications.list.query({ view: 'unread', limit: 2, cursor: page1.nextCursor });
    expect(page2).toEqual({ items: [expect.objectContaining({ title: 'i1' })], nextCursor: null });
  });

  it('refuses an unknown view with BAD_REQUEST', async () => {
    const ada = await apiFor('ada');
    const error = await ada.notifications.list
      // @ts-expect-error: an input the schema refuses
      .query({ view: 'spam' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<AppRouter>).data?.code).toBe('BAD_REQUEST');
  });

  it('creates the indexes the views page by', async () => {
    const indexes = (await stack().db.notifications.listIndexes().toArray()) as { name: unknown }[];
    expect(indexes.map((index) => index.name)).toEqual(
      expect.arrayContaining([
        'userId_1_archivedAt_1__id_-1',
        'userId_1_readAt_1_archivedAt_1__id_-1',
        'userId_1_type_1_archivedAt_1__id_-1',
        'archived_userId_1__id_-1_type_1',
      ]),
    );
    expect(indexes.find((index) => index.name === 'archived_userId_1__id_-1_type_1')).toMatchObject({
      key: { userId: 1, _id: -1, type: 1 },
      partialFilterExpression: { archivedAt: { $type: 'date' } },
    });
  });
});

describe('actions', () => {
  it('lists up to two actions as written', async () => {
    const ada = await apiFor('ada');
    const actions = [
      { label: 'Review', url: '/reviews/7' },
      { label: 'Open on GitHub', url: 'https://github.com/example/pull/7' },
    ];
    await insertForAda([{ type: 'info', title: 'with actions', actions }]);
    expect((await ada.notifications.list.query({})).items).toEqual([
      expect.objectContaining({ title: 'with actions', actions }),
    ]);
  });

  it('skips documents whose actions fail the schema, as it does an unsafe link', async () => {
    const ada = await apiFor('ada');
    await insertForAda([
      { type: 'info', title: 'valid' },
      { type: 'info', title: 'unsafe url', actions: [{ label: 'Run', url: 'javascript:alert(1)' }] },
      { type: 'info', title: 'no label', actions: [{ label: '', url: '/x' }] },
      {
        type: 'info',
        title: 'three actions',
        actions: [1, 2, 3].map((n) => ({ label: `a${n}`, url: `/a/${n}` })),
      },
      { type: 'info', title: 'unsafe link', link: '//evil.example' },
    ]);
    expect(titles(await ada.notifications.list.query({}))).toEqual(['valid']);
  });

  it('admin.send refuses an action with an unsafe url', async () => {
    const admin = await apiFor('root', 'admin');
    const error = await admin.admin.send
      .mutate({
        userIds: ['ada'],
        type: 'info',
        title: 'x',
        actions: [{ label: 'Run', url: 'javascript:alert(1)' }],
      })
      .catch((caught: unknown) => caught);
    expect((error as TRPCClientError<AppRouter>).data?.code).toBe('BAD_REQUEST');
    expect(await admin.admin.send.mutate({ userIds: ['ada'], type: 'info', title: 'ok', actions: [] })).toEqual({
      inserted: 1,
    });
  });
});
