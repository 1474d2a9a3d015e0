import {
  belongsInView,
  InboxSync,
  listInputSchema,
  type InboxView,
  type Notification,
  type NotificationEvent,
  type OnEventInput,
} from '@livebell/shared';
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { BrowserTabs } from './browser-tabs.js';
import { toConnectionStatus, useBrowserOnline, type SubscriptionState } from './connection-status.js';
import {
  desktopAlertsState,
  disableDesktopAlerts,
  enableDesktopAlerts,
  showDesktopAlert,
  type DesktopAlertsState,
} from './desktop-alerts.js';
import { applyEventToPages, editItems, inboxItems, type InboxPages } from './inbox-pages.js';
import {
  LivebellStateContext,
  type ArrivalListener,
  type Inbox,
  type LivebellState,
  type OpenListener,
} from './inbox-state.js';
import type { LivebellTransport } from './livebell-client.js';
import { retryUnlessFinal, trpcErrorCode } from './trpc-error-code.js';
import { livebellTrpc as trpc } from './trpc.js';

/** Notifications fetched per page of the list. */
const PAGE_SIZE = 10;

/** The pause before a subscription that ended in an error starts again. */
const SUBSCRIPTION_RESTART_MS = 3_000;

/** How often list and count are reloaded while the server is not watching for changes. */
export const DELAYED_POLL_MS = 30_000;

/** How often the server is asked whether it watches for changes. */
const HEALTH_POLL_MS = 15_000;

/** Follows a notification's link from outside the bell: a path on this site in this tab, any other in a new one. */
function followLink(link: string): void {
  if (link.startsWith('/')) window.location.assign(link);
  else window.open(link, '_blank', 'noopener,noreferrer');
}

/** A function that adds a listener to `listeners` and returns the function that removes it. */
function adderTo<Listener>(listeners: Set<Listener>): (listener: Listener) => () => void {
  return (listener) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
}

/** What the list shows: a view, and one type or (null) all. */
type ListFilter = { view: InboxView; type: string | null };

/** The `notifications.list` input of the first page under `filter`. */
function listInputOf({ view, type }: ListFilter) {
  return { limit: PAGE_SIZE, view, ...(type === null ? {} : { type }) };
}

/** Every cached page list, whatever its view and type (a partial query key). */
const ALL_LISTS = getQueryKey(trpc.notifications.list, undefined, 'infinite');

/** Which notifications the cached list under `queryKey` shows. */
function listFilterOf(queryKey: QueryKey): (notification: Notification) => boolean {
  const meta = queryKey[1];
  const input = typeof meta === 'object' && meta !== null && 'input' in meta ? meta.input : {};
  const parsed = listInputSchema.safeParse(input);
  const { view, type } = parsed.success ? parsed.data : { view: 'inbox' as const, type: undefined };
  return (notification) => belongsInView(notification, view, type);
}

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
  userId,
  onUnauthorized,
  children,
}: {
  /** The cache the provider gave tRPC: refetches go through it. */
  queryClient: QueryClient;
  transport: LivebellTransport;
  /** The signed-in user: its tabs in this browser share one connection. Without it each tab has its own. */
  userId: string | undefined;
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
  const [filter, setFilter] = useState<ListFilter>({ view: 'inbox', type: null });
  const listInput = useMemo(() => listInputOf(filter), [filter]);
  const list = trpc.notifications.list.useInfiniteQuery(listInput, {
    ...liveOptions,
    getNextPageParam: (page) => page.nextCursor,
  });
  const count = trpc.notifications.unreadCount.useQuery(undefined, liveOptions);
  useEffect(() => {
    if (trpcErrorCode(list.error) === 'UNAUTHORIZED' || trpcErrorCode(count.error) === 'UNAUTHORIZED') onUnauthorized();
  }, [list.error, count.error, onUnauthorized]);

  // Every cached list (each view and type the user has opened) follows the
  // events: a notification enters the lists it belongs in and leaves the others.
  const editAllLists = (edit: (data: InboxPages, belongs: (n: Notification) => boolean) => InboxPages | undefined) => {
    for (const [queryKey, data] of queryClient.getQueriesData<InboxPages>({ queryKey: ALL_LISTS })) {
      if (data !== undefined) queryClient.setQueryData(queryKey, edit(data, listFilterOf(queryKey)));
    }
  };

  // One per provider: its QueryClient, and so these keys, live as long as it.
  const [sync] = useState(
    () =>
      new InboxSync({
        apply(event) {
          editAllLists((data, belongs) => applyEventToPages(data, event, belongs));
          utils.notifications.unreadCount.setData(undefined, event.unreadCount);
        },
        async refetch() {
          // Lists not on screen are dropped and load afresh when shown.
          queryClient.removeQueries({ queryKey: ALL_LISTS, type: 'inactive' });
          // A fetch already in flight may have read the database before the
          // server started listening for this client; TanStack would hand
          // back its result instead of fetching again, so cancel it first.
          const keys = [ALL_LISTS, getQueryKey(trpc.notifications.unreadCount, undefined, 'query')];
          await Promise.all(
            keys.map(async (queryKey) => {
              await queryClient.cancelQueries({ queryKey });
              await queryClient.refetchQueries({ queryKey, type: 'active' });
            }),
          );
        },
      }),
  );

  // Tabs of this user in this browser share one connection (see BrowserTabs).
  const sharing = userId !== undefined && BrowserTabs.supported();
  // Where this tab's subscription starts; null while another tab leads.
  const [subscriptionInput, setSubscriptionInput] = useState<OnEventInput | null>(sharing ? null : {});
  const [leaderState, setLeaderState] = useState<SubscriptionState>({ status: 'connecting', error: null });
  const alertScope = userId ?? 'default';
  const [alerts, setAlerts] = useState<DesktopAlertsState>(() => desktopAlertsState(alertScope));
  const [arrivalListeners] = useState(() => new Set<ArrivalListener>());
  const [openListeners] = useState(() => new Set<OpenListener>());

  // Set below, once the mutations it uses exist; called only from events.
  const receiveRef = useRef<(event: NotificationEvent, id: string | undefined, fromServer: boolean) => void>(
    () => undefined,
  );
  const tabsRef = useRef<BrowserTabs | null>(null);

  useEffect(() => {
    if (!sharing || userId === undefined) return;
    // Opened here, not in a state initializer, so that React's development
    // double effects close the first one and open a second one cleanly.
    const tabs = BrowserTabs.open(userId);
    tabsRef.current = tabs;
    // A tab that joins a leader gets no resync: the leader's subscription is
    // already up. Its first load of list and count is not tracked, so an event
    // shared while that load is in flight would be overwritten by it; one
    // tracked reload, from the leader's first answer on, keeps every event.
    let joined = false;
    const stopListening = tabs.listen((message) => {
      if (tabs.leader) return;
      if (message.type === 'event') receiveRef.current(message.event, message.id, false);
      else if (message.type === 'status') {
        if (!joined) {
          joined = true;
          void sync.refetch();
        }
        setLeaderState({ status: message.status, error: message.failed ? true : null });
      }
    });
    // The new leader resumes from the last event this tab applied.
    tabs.elect(() => setSubscriptionInput({ lastEventId: sync.lastId }));
    return () => {
      stopListening();
      tabs.close();
      tabsRef.current = null;
    };
  }, [sharing, userId, sync]);

  const subscription = trpc.notifications.onEvent.useSubscription(subscriptionInput ?? undefined, {
    enabled: subscriptionInput !== null,
    onData({ id, data: event }) {
      tabsRef.current?.post({ type: 'event', id, event });
      receiveRef.current(event, id, true);
    },
    onError: endIfUnauthorized,
  });
  // A subscription the server ended with an error (not a dropped connection,
  // which tRPC resumes by itself) starts again after a pause. Starting
  // afresh brings a `resync`, so nothing it missed stays missing.
  const { status: ownStatus, error: ownError, reset: restartSubscription } = subscription;
  useEffect(() => {
    if (ownStatus !== 'error') return;
    const timer = window.setTimeout(restartSubscription, SUBSCRIPTION_RESTART_MS);
    return () => window.clearTimeout(timer);
  }, [ownStatus, restartSubscription]);
  // The leader tells the others how its connection is; a tab that opens asks.
  const leading = subscriptionInput !== null;
  const ownFailed = ownError !== null && ownError !== undefined;
  useEffect(() => {
    const tabs = tabsRef.current;
    if (tabs === null || !leading) return;
    const announce = () => tabs.post({ type: 'status', status: ownStatus, failed: ownFailed });
    announce();
    return tabs.listen((message) => {
      if (message.type === 'hello') announce();
    });
  }, [leading, ownStatus, ownFailed]);
  const subscriptionState: SubscriptionState = leading ? { status: ownStatus, error: ownError } : leaderState;

  // Optimistic edits of the list only: the unread count changes when the
  // server's event for the change arrives, because only the server knows it
  // exactly (another tab may be changing the same inbox).
  const editList = (edit: (items: Notification[]) => Notification[]) =>
    editAllLists((data, belongs) => editItems(data, (items) => edit(items).filter(belongs)));
  /** Applies `change` to every listed notification that `matches`. */
  const setWhere = (matches: (item: Notification) => boolean, change: Partial<Notification>) =>
    editList((items) => items.map((item) => (matches(item) ? { ...item, ...change } : item)));
  const byId = (id: string) => (item: Notification) => item.id === id;
  const now = (on: boolean) => (on ? new Date().toISOString() : null);
  // A change the server refused leaves the list as the database has it.
  const undoOptimisticEdits = (error: unknown) => {
    endIfUnauthorized(error);
    void sync.refetch();
  };
  // Without a change stream no event will confirm a change: reload instead.
  const confirmWithoutStream = () => {
    if (!streaming) void sync.refetch();
  };
  const confirmed = { onSuccess: confirmWithoutStream, onError: undoOptimisticEdits };

  const markRead = trpc.notifications.markRead.useMutation({
    onMutate: ({ id, read = true }) => setWhere(byId(id), { readAt: now(read) }),
    ...confirmed,
  });
  // The server reads the inbox only: archived notifications stay unread.
  const markAllRead = trpc.notifications.markAllRead.useMutation({
    onMutate: () => setWhere((item) => item.readAt === null && item.archivedAt == null, { readAt: now(true) }),
    ...confirmed,
  });
  // Archived items show in the archived view once the server's event brings them.
  const archive = trpc.notifications.archive.useMutation({
    onMutate: ({ id, archived = true }) => setWhere(byId(id), { archivedAt: now(archived) }),
    ...confirmed,
  });
  const archiveAllRead = trpc.notifications.archiveAllRead.useMutation({
    onMutate: () => setWhere((item) => item.readAt !== null && item.archivedAt == null, { archivedAt: now(true) }),
    ...confirmed,
  });
  const remove = trpc.notifications.remove.useMutation({
    onMutate: ({ id }) => editList((items) => items.filter((item) => item.id !== id)),
    ...confirmed,
  });

  /** Shows another view or type. Its first load is tracked, so events that race with it are kept. */
  const showList = (view: InboxView, type: string | null) => {
    const shown = { view, type };
    setFilter(shown);
    void sync.track(() =>
      utils.notifications.list.prefetchInfinite(listInputOf(shown), {
        staleTime: Number.POSITIVE_INFINITY,
        getNextPageParam: (page) => page.nextCursor,
      }),
    );
  };

  /** Applies one event, from the server or from the leading tab; tells listeners of what arrived. */
  const receive = (event: NotificationEvent, id: string | undefined, fromServer: boolean) => {
    // A duplicate or stale event is dropped, and so is its announcement.
    const applied = sync.receive(event, id);
    if (!applied || event.kind !== 'created') return;
    for (const listener of arrivalListeners) listener(event.notification);
    // Once per browser: only the tab that holds the connection alerts, and
    // only while none of the user's tabs is visible.
    const tabs = tabsRef.current;
    const hidden = tabs === null ? document.visibilityState !== 'visible' : !tabs.anyVisible();
    if (fromServer && hidden && desktopAlertsState(alertScope) === 'on') {
      const { notification } = event;
      showDesktopAlert(notification, () => {
        markRead.mutate({ id: notification.id, read: true });
        if (notification.link !== undefined) followLink(notification.link);
        for (const listener of openListeners) listener(notification);
      });
    }
  };
  useEffect(() => {
    receiveRef.current = receive;
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
    view: filter.view,
    type: filter.type,
    show: showList,
    setRead: (notification, read) => markRead.mutate({ id: notification.id, read }),
    follow: (notification, url) => {
      const go = () => window.location.assign(url);
      if (notification.readAt !== null) go();
      else markRead.mutateAsync({ id: notification.id, read: true }).then(go, go);
    },
    markAllRead: () => markAllRead.mutate(),
    setArchived: (notification, archived) => archive.mutate({ id: notification.id, archived }),
    archiveAllRead: () => archiveAllRead.mutate(),
    remove: (notification) => remove.mutate({ id: notification.id }),
  };
  const online = useBrowserOnline();
  const status = toConnectionStatus(subscriptionState, online, streaming);
  const connection = useMemo(() => ({ status, transport, pollIntervalMs: DELAYED_POLL_MS }), [status, transport]);
  const onArrival = useMemo(() => adderTo(arrivalListeners), [arrivalListeners]);
  const onOpen = useMemo(() => adderTo(openListeners), [openListeners]);
  const desktopAlerts = {
    state: alerts,
    enable: () => void enableDesktopAlerts(alertScope).then(setAlerts),
    disable: () => setAlerts(disableDesktopAlerts(alertScope)),
  };
  const state: LivebellState = { inbox, connection, onArrival, onOpen, desktopAlerts };
  return <LivebellStateContext value={state}>{children}</LivebellStateContext>;
}
