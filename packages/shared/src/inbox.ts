import type { NotificationEvent } from './events.js';
import type { Notification } from './notification.js';

/**
 * Applies one live event to a newest-first list of notifications.
 *
 * Idempotent: applying an event twice gives the same list as applying it once,
 * so a duplicate delivery can never double an item. `created` and `updated`
 * both upsert by id (the event carries the whole notification); `deleted`
 * removes; `resync` changes nothing here (the caller reloads).
 *
 * `hasOlder` says whether older pages exist that the caller has not loaded: a
 * notification older than every loaded one then belongs to such a page and is
 * not inserted, so the list never shows a gap.
 */
export function applyNotificationEvent(
  items: readonly Notification[],
  event: NotificationEvent,
  options: { hasOlder?: boolean } = {},
): readonly Notification[] {
  switch (event.kind) {
    case 'created':
    case 'updated':
      return upsertNewestFirst(items, event.notification, options.hasOlder ?? false);
    case 'deleted': {
      const index = items.findIndex((item) => item.id === event.id);
      return index === -1 ? items : items.toSpliced(index, 1);
    }
    case 'resync':
      return items;
  }
}

function upsertNewestFirst(
  items: readonly Notification[],
  notification: Notification,
  hasOlder: boolean,
): readonly Notification[] {
  const existing = items.findIndex((item) => item.id === notification.id);
  if (existing !== -1) return items.toSpliced(existing, 1, notification);
  // Ids are ObjectId hex: same length, so string order is creation order.
  const position = items.findIndex((item) => item.id < notification.id);
  if (position === -1) return hasOlder ? items : [...items, notification];
  return items.toSpliced(position, 0, notification);
}
