import { InboxSync, type Notification } from '@livebell/shared';
import type { QueryClient } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { toConnectionStatus, useBrowserOnline } from './connection-status.js';
import { applyEventToPages, editItems, inboxItems } from './inbox-pages.js';
import { LivebellStateContext, type ArrivalListener, type Inbox, type LivebellState } from './inbox-state.js';
import type { LivebellTransport } from './livebell-client.js';
import { retryUnlessFinal, trpcErrorCode } from './trpc-error-code.js';
import { livebellTrpc as trpc } from './trpc.js';

/** Notifications fetched per page of the list. */
export const PAGE_SIZE = 10;

/** The pause before a subscription that ended in an error starts again. */
const SUBSCRIPTION_RESTART_MS = 3_000;

/** How often list and count are reloaded while the server is not watching for changes. */
export const DELAYED_POLL_MS = 30_000;

/** How often the server is asked whether it watches for changes. */
const HEALTH_POLL_MS = 15_000;

const LIST_INPUT = { limit: PAGE_SIZE };

/**
 * Keeps the signed-in user's inbox live for everything under the provider:
 * the list and unread count come from queries, and `notifications.onEvent`
 * keeps both equal to the database through `InboxSync`, the one client
 * reducer. Live data never goes stale by time, so TanStack's own refetch
 * triggers are off: every refetch goes through `InboxSync`, which keeps
 * events that race with it.
 *
 * While the server is not watching for changes (change streams disabled or
 * failing) no events come, so the inbox degrades to polling and to reloading
 * after each change of its own.
 */
export function InboxEngine({
  queryClient,
  transport,
  onUnauthorized,
  children,
}: {
  /** The cache the provider gave tRPC: refetches go through it. */
  queryClient: QueryClient;
  transport: LivebellTransport;
  /** Called when the server refuses the token (expired, or signed with another key). */
  onUnauthorized: () => void;
  children: ReactNode;
}) {
  const utils = trpc.useUtils();
  const endIfUnauthorized = (error: unknown) => {
    if (trpcErrorCode(error) === 'UNAUTHORIZED') onUnauthorized();
  };

  // Until health answers (or where the host app does not mount it), assume
  // the server watches: that is its normal state.
  const health = trpc.health.status.useQuery(undefined, { refetchInterval: HEALTH_POLL_MS, retry: retryUnlessFinal });
  const streaming = health.data?.changeStreams.isWatching ?? true;

  // The polling while not streaming bypasses InboxSync: it runs only while no
  // events flow, so there is nothing for a response to overwrite.
  const liveOptions = {
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    refetchInterval: streaming ? false : DELAYED_POLL_MS,
    retry: retryUnlessFinal,
  } as const;
  const list = trpc.notifications.list.useInfiniteQuery(LIST_INPUT, {
    ...liveOptions,
    getNextPageParam: (page) => page.nextCursor,
  });
  const count = trpc.notifications.unreadCount.useQuery(undefined, liveOptions);
  useEffect(() => {
    if (trpcErrorCode(list.error) === 'UNAUTHORIZED' || trpcErrorCode(count.error) === 'UNAUTHORIZED') onUnauthorized();
  }, [list.error, count.error, onUnauthorized]);

  // One per provider: its QueryClient, and so these keys, live as long as it.
  const [sync] = useState(
    () =>
      new InboxSync({
        apply(event) {
          utils.notifications.list.setInfiniteData(LIST_INPUT, (data) => applyEventToPages(data, event));
          utils.notifications.unreadCount.setData(undefined, event.unreadCount);
        },
        async refetch() {
          // A fetch already in flight may have read the database before the
          // server started listening for this client; TanStack would hand
          // back its result instead of fetching again, so cancel it first.
          const keys = [
            getQueryKey(trpc.notifications.list, LIST_INPUT, 'infinite'),
            getQueryKey(trpc.notifications.unreadCount, undefined, 'query'),
          ];
          await Promise.all(
            keys.map(async (queryKey) => {
              await queryClient.cancelQueries({ queryKey, exact: true });
              await queryClient.refetchQueries({ queryKey, exact: true });
            }),
          );
        },
      }),
  );

  const [arrivalListeners] = useState(() => new Set<ArrivalListener>());
  const subscription = trpc.notifications.onEvent.useSubscription(undefined, {
    onData({ id, data: event }) {
      // A duplicate or stale event is dropped, and so is its announcement.
      const applied = sync.receive(event, id);
      if (applied && event.kind === 'created') for (const listener of arrivalListeners) listener(event.notification);
    },
    onError: endIfUnauthorized,
  });
  // A subscription the server ended with an error (not a dropped connection,
  // which tRPC resumes by itself) starts again after a pause. Starting
  // afresh brings a `resync`, so nothing it missed stays missing.
  const { status: subscriptionStatus, error: subscriptionError, reset: restartSubscription } = subscription;
  useEffect(() => {
    if (subscriptionStatus !== 'error') return;
    const timer = window.setTimeout(restartSubscription, SUBSCRIPTION_RESTART_MS);
    return () => window.clearTimeout(timer);
  }, [subscriptionStatus, restartSubscription]);

  // Optimistic edits of the list only: the unread count changes when the
  // server's event for the change arrives, because only the server knows it
  // exactly (another tab may be changing the same inbox).
  const editList = (edit: (items: Notification[]) => Notification[]) =>
    utils.notifications.list.setInfiniteData(LIST_INPUT, (data) => editItems(data, edit));
  const readAt = (read: boolean) => (read ? new Date().toISOString() : null);
  // A change the server refused leaves the list as the database has it.
  const undoOptimisticEdits = (error: unknown) => {
    endIfUnauthorized(error);
    void sync.refetch();
  };
  // Without a change stream no event will confirm a change: reload instead.
  const confirmWithoutStream = () => {
    if (!streaming) void sync.refetch();
  };

  const markRead = trpc.notifications.markRead.useMutation({
    onMutate({ id, read = true }) {
      editList((items) => items.map((item) => (item.id === id ? { ...item, readAt: readAt(read) } : item)));
    },
    onSuccess: confirmWithoutStream,
    onError: undoOptimisticEdits,
  });
  const markAllRead = trpc.notifications.markAllRead.useMutation({
    onMutate() {
      const now = readAt(true);
      editList((items) => items.map((item) => (item.readAt === null ? { ...item, readAt: now } : item)));
    },
    onSuccess: confirmWithoutStream,
    onError: undoOptimisticEdits,
  });
  const remove = trpc.notifications.remove.useMutation({
    onMutate({ id }) {
      editList((items) => items.filter((item) => item.id !== id));
    },
    onSuccess: confirmWithoutStream,
    onError: undoOptimisticEdits,
  });

  const inbox: Inbox = {
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
  const online = useBrowserOnline();
  const status = toConnectionStatus({ status: subscriptionStatus, error: subscriptionError }, online, streaming);
  const connection = useMemo(() => ({ status, transport, pollIntervalMs: DELAYED_POLL_MS }), [status, transport]);
  const onArrival = useMemo(
    () => (listener: ArrivalListener) => {
      arrivalListeners.add(listener);
      return () => void arrivalListeners.delete(listener);
    },
    [arrivalListeners],
  );
  const state: LivebellState = { inbox, connection, onArrival };
  return <LivebellStateContext value={state}>{children}</LivebellStateContext>;
}
