import { InboxSync, type Notification } from '@livebell/shared';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useState } from 'react';
import { endSessionIfUnauthorized } from './api-provider.js';
import { applyEventToPages, editItems, inboxItems } from './inbox-pages.js';
import { useTRPC } from './trpc.js';

/** Notifications fetched per page of the bell's list. */
export const PAGE_SIZE = 10;

/** The pause before a subscription that ended in an error starts again. */
const SUBSCRIPTION_RESTART_MS = 3_000;

/** How often list and count are reloaded while the server is not watching for changes. */
export const DELAYED_POLL_MS = 30_000;

export interface Inbox {
  /** Loaded notifications, newest first. */
  items: Notification[];
  /** The user's exact unread count, or null before it is known. */
  unreadCount: number | null;
  status: 'pending' | 'error' | 'success';
  hasMore: boolean;
  loadingMore: boolean;
  /** False while any fetch of the list is in flight; loading more then waits. */
  canLoadMore: boolean;
  loadMore: () => void;
  retry: () => void;
  setRead: (notification: Notification, read: boolean) => void;
  markAllRead: () => void;
  remove: (notification: Notification) => void;
}

/**
 * The signed-in user's inbox, kept live: the list and unread count come from
 * queries, and `notifications.onEvent` keeps both equal to the database
 * through `InboxSync`. Live data never goes stale by time, so TanStack's own
 * refetch triggers are off: every refetch goes through `InboxSync`, which
 * keeps events that race with it.
 *
 * While the server is not watching for changes (`streaming` false: change
 * streams disabled or failing) no events come, so the inbox degrades to
 * polling and to reloading after each change of its own.
 *
 * `onCreated` hears of each new notification (for the live announcement).
 */
export function useInbox({
  streaming,
  onCreated,
}: {
  streaming: boolean;
  onCreated: (notification: Notification) => void;
}): Inbox {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The polling while not streaming bypasses InboxSync: it runs only while no
  // events flow, so there is nothing for a response to overwrite.
  const listOptions = trpc.notifications.list.infiniteQueryOptions(
    { limit: PAGE_SIZE },
    {
      getNextPageParam: (page) => page.nextCursor,
      staleTime: Number.POSITIVE_INFINITY,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
      refetchInterval: streaming ? false : DELAYED_POLL_MS,
    },
  );
  const countOptions = trpc.notifications.unreadCount.queryOptions(undefined, {
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    refetchInterval: streaming ? false : DELAYED_POLL_MS,
  });
  const list = useInfiniteQuery(listOptions);
  const count = useQuery(countOptions);

  // One per session: the QueryClient, and so these keys, live as long as it.
  const [sync] = useState(
    () =>
      new InboxSync({
        apply(event) {
          queryClient.setQueryData(listOptions.queryKey, (data) => applyEventToPages(data, event));
          queryClient.setQueryData(countOptions.queryKey, event.unreadCount);
        },
        async refetch() {
          // A fetch already in flight may have read the database before the
          // server started listening for this client; TanStack would hand
          // back its result instead of fetching again, so cancel it first.
          await Promise.all(
            [listOptions.queryKey, countOptions.queryKey].map(async (queryKey) => {
              await queryClient.cancelQueries({ queryKey, exact: true });
              await queryClient.refetchQueries({ queryKey, exact: true });
            }),
          );
        },
      }),
  );

  const subscription = useSubscription(
    trpc.notifications.onEvent.subscriptionOptions(undefined, {
      onData({ id, data: event }) {
        sync.receive(event, id);
        if (event.kind === 'created') onCreated(event.notification);
      },
      onError: endSessionIfUnauthorized,
    }),
  );
  // A subscription the server ended with an error (not a dropped socket,
  // which tRPC resumes by itself) starts again after a pause. Starting
  // afresh brings a `resync`, so nothing it missed stays missing.
  const { status: subscriptionStatus, reset: restartSubscription } = subscription;
  useEffect(() => {
    if (subscriptionStatus !== 'error') return;
    const timer = window.setTimeout(restartSubscription, SUBSCRIPTION_RESTART_MS);
    return () => window.clearTimeout(timer);
  }, [subscriptionStatus, restartSubscription]);

  // Optimistic edits of the list only: the unread count changes when the
  // server's event for the change arrives, because only the server knows it
  // exactly (another tab may be changing the same inbox).
  const editList = (edit: (items: Notification[]) => Notification[]) =>
    queryClient.setQueryData(listOptions.queryKey, (data) => editItems(data, edit));
  const readAt = (read: boolean) => (read ? new Date().toISOString() : null);
  // A change the server refused leaves the list as the database has it.
  const undoOptimisticEdits = () => void sync.refetch();
  // Without a change stream no event will confirm a change: reload instead.
  const confirmWithoutStream = () => {
    if (!streaming) void sync.refetch();
  };

  const markRead = useMutation(
    trpc.notifications.markRead.mutationOptions({
      onMutate({ id, read = true }) {
        editList((items) => items.map((item) => (item.id === id ? { ...item, readAt: readAt(read) } : item)));
      },
      onSuccess: confirmWithoutStream,
      onError: undoOptimisticEdits,
    }),
  );
  const markAllRead = useMutation(
    trpc.notifications.markAllRead.mutationOptions({
      onMutate() {
        const now = readAt(true);
        editList((items) => items.map((item) => (item.readAt === null ? { ...item, readAt: now } : item)));
      },
      onSuccess: confirmWithoutStream,
      onError: undoOptimisticEdits,
    }),
  );
  const remove = useMutation(
    trpc.notifications.remove.mutationOptions({
      onMutate({ id }) {
        editList((items) => items.filter((item) => item.id !== id));
      },
      onSuccess: confirmWithoutStream,
      onError: undoOptimisticEdits,
    }),
  );

  return {
    items: inboxItems(list.data),
    unreadCount: count.data ?? null,
    status: list.status,
    hasMore: list.hasNextPage,
    loadingMore: list.isFetchingNextPage,
    canLoadMore: !list.isFetching,
    // Never cancels a fetch in flight: a resync's refetch must land, or the
    // list would keep what it had before the gap.
    loadMore: () => void sync.track(() => list.fetchNextPage({ cancelRefetch: false })),
    retry: () => void sync.refetch(),
    setRead: (notification, read) => markRead.mutate({ id: notification.id, read }),
    markAllRead: () => markAllRead.mutate(),
    remove: (notification) => remove.mutate({ id: notification.id }),
  };
}
