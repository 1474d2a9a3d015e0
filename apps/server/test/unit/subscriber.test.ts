import type { Notification, NotificationEvent } from '@livebell/shared';
import { describe, expect, it } from 'vitest';
import {
  estimatedEventBytes,
  QUEUE_OVERFLOW,
  Subscriber,
  type QueuedEvent,
} from '../../src/live-delivery/subscriber.js';

function created(data: Notification['data'], actions?: Notification['actions']): NotificationEvent {
  return {
    kind: 'created',
    notification: {
      id: '0123456789abcdef01234567',
      userId: 'ada',
      type: 'order',
      title: 'Your order shipped',
      body: 'It arrives on Tuesday.',
      createdAt: '2026-01-01T00:00:00.000Z',
      readAt: null,
      archivedAt: null,
      ...(data === undefined ? {} : { data }),
      ...(actions === undefined ? {} : { actions }),
    },
    unreadCount: 3,
  };
}

function queued(n: number, bytes = 100): QueuedEvent {
  return { position: `82${String(n).padStart(16, '0')}`, event: { kind: 'resync' }, bytes, committedAtMs: null };
}

describe('estimatedEventBytes', () => {
  it('is at least what the event takes as JSON, whatever its data holds', () => {
    const samples: Notification['data'][] = [
      undefined,
      { seq: 1, sentAt: 1764460800123.456 },
      { big: -1.7976931348623157e308, tiny: 5e-324, list: [1, 2.5, -3, null, true, 'x'.repeat(300)] },
      { nested: { deeper: [{ key: 'value' }, [], {}] }, flag: false },
    ];
    for (const data of samples) {
      const event = created(data);
      expect(estimatedEventBytes(event)).toBeGreaterThanOrEqual(JSON.stringify(event).length);
    }
  });

  it('counts the buttons a notification carries', () => {
    const url = `https://example.com/orders/${'7'.repeat(1_000)}`;
    const event = created(undefined, [
      { label: 'Track the parcel', url },
      { label: 'Return it', url: `${url}/return` },
    ]);
    expect(estimatedEventBytes(event)).toBeGreaterThanOrEqual(JSON.stringify(event).length);
  });
});

describe('Subscriber', () => {
  it('hands out what was delivered in order, all of it in one wake', async () => {
    const subscriber = new Subscriber('ada', 10_000, { backlog: () => 0 }, () => undefined);
    const woken = subscriber.waitForEvent();
    subscriber.deliver(queued(1));
    subscriber.deliver(queued(2));
    await woken;
    expect(subscriber.take()?.position).toBe(queued(1).position);
    expect(subscriber.take()?.position).toBe(queued(2).position);
    expect(subscriber.take()).toBeUndefined();
    expect(subscriber.pendingBytes).toBe(0);
  });

  it("closes and calls onOverflow when an event would take it past its limit, its transport's backlog counted", () => {
    let overflows = 0;
    let backlog = 0;
    const subscriber = new Subscriber('ada', 1000, { backlog: () => backlog }, () => (overflows += 1));
    subscriber.deliver(queued(1, 400));
    backlog = 500;
    expect(subscriber.pendingBytes).toBe(900);
    subscriber.deliver(queued(2, 101));
    expect(subscriber.closeReason).toBe(QUEUE_OVERFLOW);
    expect(overflows).toBe(1);
    expect(subscriber.take()).toBeNull();
  });
});
