import type { NotificationEvent } from '@livebell/shared';

type WithoutCount<T> = T extends unknown ? Omit<T, 'unreadCount'> : never;

/**
 * A change to one user's notifications as the hub keeps it: a
 * NotificationEvent without its unread count, which is added when the change
 * is delivered (the count must be computed after the change, per delivery).
 */
export type NotificationChange = WithoutCount<Exclude<NotificationEvent, { kind: 'resync' }>>;

/** A change the hub has processed, at its stream position. */
export interface PositionedChange {
  position: string;
  userId: string;
  change: NotificationChange;
}

export function withUnreadCount(change: NotificationChange, unreadCount: number): NotificationEvent {
  return { ...change, unreadCount };
}
