import { numberedNotification } from '@livebell/test-support';
import { describe, expect, it } from 'vitest';
import { applyNotificationEvent } from '../src/index.js';

const a = numberedNotification(1);
const b = numberedNotification(2);
const c = numberedNotification(3);

describe('applyNotificationEvent', () => {
  it('inserts a created notification newest first', () => {
    const items = applyNotificationEvent([c, a], { kind: 'created', notification: b, unreadCount: 3 });
    expect(items.map((n) => n.id)).toEqual([c.id, b.id, a.id]);
  });

  it('applying the same event twice gives the same list as once', () => {
    const event = { kind: 'created', notification: c, unreadCount: 1 } as const;
    const once = applyNotificationEvent([b, a], event);
    expect(applyNotificationEvent(once, event)).toEqual(once);
  });

  it('replaces an updated notification in place', () => {
    const readB = numberedNotification(2, '2026-01-02T00:00:00.000Z');
    const items = applyNotificationEvent([c, b, a], { kind: 'updated', notification: readB, unreadCount: 2 });
    expect(items).toEqual([c, readB, a]);
  });

  it('removes a deleted notification and ignores an unknown id', () => {
    const items = applyNotificationEvent([c, b, a], { kind: 'deleted', id: b.id, unreadCount: 2 });
    expect(items).toEqual([c, a]);
    expect(applyNotificationEvent(items, { kind: 'deleted', id: b.id, unreadCount: 2 })).toBe(items);
  });

  it('does not insert an item that belongs to an older page not yet loaded', () => {
    const event = { kind: 'updated', notification: a, unreadCount: 1 } as const;
    expect(applyNotificationEvent([c, b], event, { hasOlder: true })).toEqual([c, b]);
    expect(applyNotificationEvent([c, b], event, { hasOlder: false })).toEqual([c, b, a]);
  });

  it('leaves the list alone on resync', () => {
    const items = [b, a];
    expect(applyNotificationEvent(items, { kind: 'resync' })).toBe(items);
  });
});
