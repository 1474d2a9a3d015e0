import { ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { notificationDocumentSchema, toNotification } from '../src/document.js';
import { adminSendInputSchema, listInputSchema, notificationEventSchema } from '../src/index.js';

describe('notification documents', () => {
  it('takes createdAt from the _id when it is missing and treats a missing readAt as unread', () => {
    const _id = new ObjectId();
    const doc = notificationDocumentSchema.parse({ _id, userId: 'ada', type: 'info', title: 'Hi' });
    const notification = toNotification(doc);
    expect(notification).toEqual({
      id: _id.toHexString(),
      userId: 'ada',
      type: 'info',
      title: 'Hi',
      createdAt: _id.getTimestamp().toISOString(),
      readAt: null,
    });
    expect(notificationEventSchema.parse({ kind: 'created', notification, unreadCount: 1 })).toBeTruthy();
  });

  it('turns BSON values in data into relaxed Extended JSON', () => {
    const ref = new ObjectId();
    const doc = notificationDocumentSchema.parse({
      _id: new ObjectId(),
      userId: 'ada',
      type: 'order',
      title: 'Shipped',
      data: { orderId: ref, count: 2 },
    });
    expect(toNotification(doc).data).toEqual({ orderId: { $oid: ref.toHexString() }, count: 2 });
  });

  it('rejects a document without a user, a type or a title, and a script link', () => {
    const _id = new ObjectId();
    expect(notificationDocumentSchema.safeParse({ _id, type: 'info', title: 'x' }).success).toBe(false);
    expect(notificationDocumentSchema.safeParse({ _id, userId: 'ada', title: 'x' }).success).toBe(false);
    expect(notificationDocumentSchema.safeParse({ _id, userId: 'ada', type: 'info' }).success).toBe(false);
    const bad = { _id, userId: 'ada', type: 'info', title: 'x', link: 'javascript:alert(1)' };
    expect(notificationDocumentSchema.safeParse(bad).success).toBe(false);
  });
});

describe('inputs', () => {
  it('defaults the page size and caps it at 100', () => {
    expect(listInputSchema.parse({})).toEqual({ limit: 20 });
    expect(listInputSchema.safeParse({ limit: 101 }).success).toBe(false);
  });

  it('accepts site paths and http(s) links and refuses protocol-relative ones', () => {
    const base = { userIds: ['ada'], type: 'info', title: 'Hi' };
    expect(adminSendInputSchema.safeParse({ ...base, link: '/inbox' }).success).toBe(true);
    expect(adminSendInputSchema.safeParse({ ...base, link: 'https://example.com/a' }).success).toBe(true);
    expect(adminSendInputSchema.safeParse({ ...base, link: '//evil.example' }).success).toBe(false);
    expect(adminSendInputSchema.safeParse({ ...base, userIds: [] }).success).toBe(false);
  });
});
