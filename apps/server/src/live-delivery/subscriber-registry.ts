import type { Subscriber } from './subscriber.js';

/**
 * The node's live subscribers by user. Lookup by user is O(1), so a change
 * for a user this node does not serve costs one map miss.
 */
export class SubscriberRegistry {
  private readonly byUser = new Map<string, Set<Subscriber>>();

  /** Adds `subscriber`; true when it is its user's first. */
  add(subscriber: Subscriber): boolean {
    const set = this.byUser.get(subscriber.userId);
    if (set) {
      set.add(subscriber);
      return false;
    }
    this.byUser.set(subscriber.userId, new Set([subscriber]));
    return true;
  }

  /** Removes `subscriber`; true when it was its user's last. */
  remove(subscriber: Subscriber): boolean {
    const set = this.byUser.get(subscriber.userId);
    if (!set?.delete(subscriber)) return false;
    if (set.size > 0) return false;
    this.byUser.delete(subscriber.userId);
    return true;
  }

  of(userId: string): ReadonlySet<Subscriber> | undefined {
    return this.byUser.get(userId);
  }

  has(userId: string): boolean {
    return this.byUser.has(userId);
  }

  get size(): number {
    let count = 0;
    for (const set of this.byUser.values()) count += set.size;
    return count;
  }

  all(): Subscriber[] {
    const found: Subscriber[] = [];
    for (const set of this.byUser.values()) for (const subscriber of set) found.push(subscriber);
    return found;
  }

  clear(): void {
    this.byUser.clear();
  }
}
