import { ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { notificationDocumentSchema, toNotification } from '../src/document.js';
import {
  adminSendInputSchema,
  belongsInView,
  listInputSchema,
  notificationEventSchema,
  type Notification,
} from '../src/index.js';

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
      archivedAt: null,
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

  it('passes data of JSON types on as it is, and converts any BSON value in it, however deep', () => {
    const base = { _id: new ObjectId(), userId: 'ada', type: 'order', title: 'Shipped' };
    const plain = { seq: 1, sentAt: 1.5, tags: ['a', null, true], nested: { deeper: [{ ok: 'yes' }] } };
    const doc = notificationDocumentSchema.parse({ ...base, data: plain });
    expect(toNotification(doc).data).toEqual(plain);
    expect(toNotification(doc).data).toBe(doc.data);

    const at = new Date('2026-01-02T03:04:05.000Z');
    const mixed = notificationDocumentSchema.parse({ ...base, data: { list: [{ at }], ratio: Number.NaN, count: 2 } });
    expect(toNotification(mixed).data).toEqual({
      list: [{ at: { $date: '2026-01-02T03:04:05Z' } }],
      ratio: { $numberDouble: 'NaN' },
      count: 2,
    });
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
    expect(listInputSchema.parse({})).toEqual({ limit: 20, view: 'inbox' });
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

describe('archive and actions', () => {
  const base = { _id: new ObjectId(), userId: 'ada', type: 'info', title: 'Hi' };

  it('carries archivedAt and actions from the document to the client shape', () => {
    const archivedAt = new Date('2026-02-03T04:05:06Z');
    const actions = [{ label: 'Review', url: '/reviews/1' }];
    const notification = toNotification(notificationDocumentSchema.parse({ ...base, archivedAt, actions }));
    expect(notification).toMatchObject({ archivedAt: '2026-02-03T04:05:06.000Z', actions });
  });

  it('refuses more than two actions, an empty label and an unsafe url', () => {
    const action = { label: 'Go', url: 'https://example.com/' };
    expect(notificationDocumentSchema.safeParse({ ...base, actions: [action, action] }).success).toBe(true);
    expect(notificationDocumentSchema.safeParse({ ...base, actions: [action, action, action] }).success).toBe(false);
    expect(notificationDocumentSchema.safeParse({ ...base, actions: [{ ...action, label: '' }] }).success).toBe(false);
    for (const url of ['javascript:alert(1)', '//evil.example', 'ftp://x/'])
      expect(notificationDocumentSchema.safeParse({ ...base, actions: [{ label: 'Go', url }] }).success).toBe(false);
  });

  it('lists in the inbox view by default and tells which view a notification belongs to', () => {
    expect(listInputSchema.parse({})).toMatchObject({ view: 'inbox' });
    const unread: Notification = {
      id: 'a'.repeat(24),
      userId: 'ada',
      type: 'info',
      title: 'Hi',
      createdAt: '2026-01-01T00:00:00.000Z',
      readAt: null,
      archivedAt: null,
    };
    const read = { ...unread, readAt: '2026-01-02T00:00:00.000Z' };
    const archived = { ...unread, archivedAt: '2026-01-02T00:00:00.000Z' };
    expect([unread, read, archived].map((n) => belongsInView(n, 'inbox'))).toEqual([true, true, false]);
    expect([unread, read, archived].map((n) => belongsInView(n, 'unread'))).toEqual([true, false, false]);
    expect([unread, read, archived].map((n) => belongsInView(n, 'archived'))).toEqual([false, false, true]);
    expect(belongsInView(unread, 'inbox', 'mention')).toBe(false);
    expect(belongsInView(unread, 'inbox', 'info')).toBe(true);
  });
});
