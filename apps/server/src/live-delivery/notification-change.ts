import type { NotificationEvent, StreamPosition } from '@livebell/shared';

type WithoutCount<T> = T extends unknown ? Omit<T, 'unreadCount'> : never;

/**
 * A change to one user's notifications as the node keeps it: a
 * NotificationEvent without its unread count, which is added when the change
 * is delivered (the count as of this change, kept per user in memory).
 */
export type NotificationChange = WithoutCount<Exclude<NotificationEvent, { kind: 'resync' }>>;

/**
 * How a change moves its user's unread count: -1, 0 or +1, or null when it
 * cannot be known (no pre-image), in which case that user is recounted.
 */
export type UnreadDelta = -1 | 0 | 1 | null;

/** A change the node has read, at its stream position. */
export interface PositionedChange {
  position: StreamPosition;
  userId: string;
  change: NotificationChange;
  unreadDelta: UnreadDelta;
  /** When the change was committed (its cluster wall time), ms since the epoch: where delivery lag starts. */
  committedAtMs: number;
}

export function withUnreadCount(change: NotificationChange, unreadCount: number): NotificationEvent {
  return { ...change, unreadCount };
}
