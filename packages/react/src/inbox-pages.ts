import { applyNotificationEvent, type ListPage, type Notification, type NotificationEvent } from '@livebell/shared';
import type { InfiniteData } from '@tanstack/react-query';

/** The inbox as TanStack Query caches it: the pages of `notifications.list` loaded so far. */
export type InboxPages<TPageParam = unknown> = InfiniteData<ListPage, TPageParam>;

/**
 * Applies one live event to the loaded pages of the inbox.
 *
 * A page fetched with cursor C holds the ids from its own `nextCursor` (its
 * last item, inclusive) up to C, so a notification belongs to the first page
 * whose `nextCursor` is at or below its id, or to the last page when that one
 * is the end of the list. A notification older than every loaded page is not
 * inserted: it belongs to a page the user has not loaded yet, and "load more"
 * will bring it. Idempotent, like `applyNotificationEvent`.
 *
 * `belongs` says which notifications the list shows (its view and type): a
 * notification that no longer belongs (archived, say, in the inbox view)
 * leaves it as if deleted.
 */
export function applyEventToPages<TPageParam>(
  data: InboxPages<TPageParam> | undefined,
  received: NotificationEvent,
  belongs: (notification: Notification) => boolean = () => true,
): InboxPages<TPageParam> | undefined {
  if (data === undefined || received.kind === 'resync') return data;
  const event: NotificationEvent =
    received.kind !== 'deleted' && !belongs(received.notification)
      ? { kind: 'deleted', id: received.notification.id, unreadCount: received.unreadCount }
      : received;
  const id = event.kind === 'deleted' ? event.id : event.notification.id;
  const holder = data.pages.findIndex((page) => page.items.some((item) => item.id === id));
  if (event.kind === 'deleted' && holder === -1) return data;
  const target =
    holder !== -1 ? holder : data.pages.findIndex((page) => page.nextCursor === null || page.nextCursor <= id);
  const page = data.pages[target];
  if (page === undefined) return data;
  const items = applyNotificationEvent(page.items, event);
  if (items === page.items) return data;
  return { ...data, pages: data.pages.with(target, { ...page, items: [...items] }) };
}

/** Every notification loaded so far, newest first. */
export function inboxItems(data: InboxPages | undefined): ListPage['items'] {
  return data?.pages.flatMap((page) => page.items) ?? [];
}

/** Applies a local edit (an optimistic one) to the items of every loaded page. */
export function editItems<TPageParam>(
  data: InboxPages<TPageParam> | undefined,
  edit: (items: ListPage['items']) => ListPage['items'],
): InboxPages<TPageParam> | undefined {
  return data === undefined
    ? data
    : { ...data, pages: data.pages.map((page) => ({ ...page, items: edit(page.items) })) };
}
