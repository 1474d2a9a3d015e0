// The request/response side of the bell: list, counts, marking read,
// removing; each scoped to the signed-in user.
import { TRPCClientError } from '@trpc/client';
import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { AppRouter } from '../../src/index.js';
import { stackPerTest } from '../support/test-server.js';

const { stack, apiFor } = stackPerTest();

describe('notifications API', () => {
  it('markRead and markAllRead change the unread count', async () => {
    const ada = await apiFor('ada');
    const { insertedIds } = await stack().db.notifications.insertMany(
      [1, 2, 3].map((n) => ({ userId: 'ada', type: 'info', title: `n${n}` })),
    );
    const [first] = Object.values(insertedIds).map((id) => id.toHexString());
    expect(await ada.notifications.unreadCount.query()).toBe(3);

    expect(await ada.notifications.markRead.mutate({ id: first ?? '' })).toEqual({ found: true, unreadCount: 2 });
    expect(await ada.notifications.markRead.mutate({ id: first ?? '' })).toEqual({ found: true, unreadCount: 2 });
    expect(await ada.notifications.markRead.mutate({ id: first ?? '', read: false })).toEqual({
      found: true,
      unreadCount: 3,
    });
    expect(await ada.notifications.markAllRead.mutate()).toEqual({ updated: 3, unreadCount: 0 });
    expect(await ada.notifications.unreadCount.query()).toBe(0);
  });

  it("cannot read, mark or remove another user's notifications", async () => {
    const ada = await apiFor('ada');
    const { insertedId } = await stack().db.notifications.insertOne({ userId: 'bob', type: 'info', title: "bob's" });
    const id = insertedId.toHexString();

    expect(await ada.notifications.list.query({})).toEqual({ items: [], nextCursor: null });
    expect(await ada.notifications.markRead.mutate({ id })).toEqual({ found: false, unreadCount: 0 });
    expect(await ada.notifications.markAllRead.mutate()).toEqual({ updated: 0, unreadCount: 0 });
    expect(await ada.notifications.remove.mutate({ id })).toEqual({ found: false, unreadCount: 0 });

    expect(await stack().db.notifications.findOne({ _id: insertedId })).toEqual({
      _id: insertedId,
      userId: 'bob',
      type: 'info',
      title: "bob's",
    });
    expect(await (await apiFor('bob')).notifications.unreadCount.query()).toBe(1);
  });

  it('lists newest first in pages, skipping documents that fail the schema', async () => {
    const ada = await apiFor('ada');
    const ids = Array.from({ length: 5 }, () => new ObjectId());
    await stack().db.notifications.insertMany(
      ids.map((_id, n) =>
        n === 2 ? { _id, userId: 'ada', type: 'info' } : { _id, userId: 'ada', type: 'info', title: `n${n}` },
      ),
    );

    const page1 = await ada.notifications.list.query({ limit: 2 });
    expect(page1.items.map((item) => item.title)).toEqual(['n4', 'n3']);
    const page2 = await ada.notifications.list.query({ limit: 2, cursor: page1.nextCursor });
    expect(page2.items.map((item) => item.title)).toEqual(['n1']); // n2 fails the schema
    const page3 = await ada.notifications.list.query({ limit: 2, cursor: page2.nextCursor });
    expect(page3).toEqual({ items: [expect.objectContaining({ title: 'n0', readAt: null })], nextCursor: null });
  });

  it('refuses bad input with BAD_REQUEST and a readable message', async () => {
    const ada = await apiFor('ada');
    const error = await ada.notifications.list.query({ limit: 1000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCClientError);
    const { message, data } = error as TRPCClientError<AppRouter>;
    expect(data?.code).toBe('BAD_REQUEST');
    expect(data?.issues?.map((issue) => issue.path)).toEqual(['limit']);
    expect(message).toMatch(/^Invalid input: limit: /);
    expect(JSON.stringify(data)).not.toContain('node_modules');

    const badId = await ada.notifications.markRead.mutate({ id: 'not-an-id' }).catch((caught: unknown) => caught);
    expect((badId as TRPCClientError<never>).message).toBe(
      'Invalid input: id: must be a 24-character lowercase hex ObjectId',
    );
  });
});
