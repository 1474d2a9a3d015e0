import { describe, expect, it } from 'vitest';
import { SubscriberRegistry } from '../../src/live-delivery/subscriber-registry.js';
import { Subscriber } from '../../src/live-delivery/subscriber.js';

const subscriber = (userId: string) => new Subscriber(userId, 1024 * 1024, { backlog: () => 0 }, () => undefined);

describe('SubscriberRegistry', () => {
  it("says when a user's first subscriber arrives and their last one leaves", () => {
    const registry = new SubscriberRegistry();
    const first = subscriber('ada');
    const second = subscriber('ada');
    expect(registry.add(first)).toBe(true);
    expect(registry.add(second)).toBe(false);
    expect(registry.add(subscriber('bob'))).toBe(true);
    expect(registry.size).toBe(3);
    expect(registry.remove(first)).toBe(false);
    expect(registry.remove(first)).toBe(false);
    expect(registry.remove(second)).toBe(true);
    expect(registry.has('ada')).toBe(false);
    expect(registry.of('bob')?.size).toBe(1);
  });
});
