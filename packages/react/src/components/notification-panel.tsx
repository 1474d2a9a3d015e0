import { Archive, BellOff, CheckCheck, LoaderCircle, RefreshCw } from 'lucide-react';
import { useId, useLayoutEffect, useRef, type KeyboardEvent, type Ref } from 'react';
import type { Connection, DesktopAlerts, Inbox } from '../inbox-state.js';
import { useLivebellStrings } from '../livebell-settings.js';
import { useNow } from '../use-now.js';
import { ConnectionNotice } from './connection-indicator.js';
import { DesktopAlertsSwitch } from './desktop-alerts-switch.js';
import { InboxViewTabs } from './inbox-view-tabs.js';
import { NotificationItem } from './notification-item.js';

/** Keys that move focus between the rows of the list. */
const ROW_KEYS = new Set(['ArrowDown', 'ArrowUp', 'Home', 'End']);

/** The bell's popover: the list, its actions, and what to show while empty, loading or failing. */
export function NotificationPanel({
  id,
  ref,
  inbox,
  connection,
  desktopAlerts,
  onFollow,
}: {
  id: string;
  ref: Ref<HTMLDivElement>;
  inbox: Inbox;
  connection: Connection;
  desktopAlerts: DesktopAlerts;
  /** Called when a row's link or action is followed (the bell closes then). */
  onFollow?: () => void;
}) {
  const strings = useLivebellStrings();
  const headingId = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const now = useNow();
  // After a row is removed, focus goes to the row that took its place, so a
  // keyboard user keeps their position instead of landing on <body>.
  const focusAfterRemoval = useRef<number | null>(null);
  useLayoutEffect(() => {
    const index = focusAfterRemoval.current;
    if (index === null) return;
    focusAfterRemoval.current = null;
    const rows = rowsOf(listRef.current);
    (rows[Math.min(index, rows.length - 1)] ?? listRef.current?.closest<HTMLElement>('[role="dialog"]'))?.focus();
  }, [inbox.items]);

  const onListKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (!ROW_KEYS.has(event.key)) return;
    const rows = rowsOf(listRef.current);
    if (rows.length === 0) return;
    const current = rows.findIndex((row) => row.contains(document.activeElement));
    const next =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? rows.length - 1
          : Math.max(0, Math.min(rows.length - 1, current + (event.key === 'ArrowDown' ? 1 : -1)));
    event.preventDefault();
    rows[next]?.focus();
  };

  const unread = inbox.unreadCount ?? 0;
  return (
    <div className="lb-panel" id={id} ref={ref} role="dialog" aria-labelledby={headingId} tabIndex={-1}>
      <header className="lb-panel-header">
        <h2 id={headingId}>{strings.panelTitle}</h2>
        {unread > 0 ? <span className="lb-pill">{strings.unreadPill(unread)}</span> : null}
        <button type="button" className="lb-text-button" onClick={inbox.markAllRead} disabled={unread === 0}>
          <CheckCheck size={16} aria-hidden="true" />
          {strings.markAllRead}
        </button>
      </header>
      <InboxViewTabs inbox={inbox} />
      <ConnectionNotice status={connection.status} pollIntervalMs={connection.pollIntervalMs} />
      <div className="lb-panel-body">
        {inbox.status === 'pending' ? (
          <ul className="lb-skeleton-list" aria-label={strings.loadingList}>
            {[0, 1, 2].map((row) => (
              <li key={row} className="lb-skeleton-row" />
            ))}
          </ul>
        ) : inbox.status === 'error' && inbox.items.length === 0 ? (
          <div className="lb-panel-empty" role="alert">
            <p className="lb-panel-empty-title">{strings.loadFailed}</p>
            <button type="button" className="lb-button" onClick={inbox.retry}>
              <RefreshCw size={16} aria-hidden="true" />
              {strings.retry}
            </button>
          </div>
        ) : inbox.items.length === 0 ? (
          <div className="lb-panel-empty">
            <span className="lb-panel-empty-icon" aria-hidden="true">
              <BellOff size={22} />
            </span>
            <p className="lb-panel-empty-title">
              {inbox.type !== null
                ? strings.emptyFiltered
                : inbox.view === 'unread'
                  ? strings.emptyUnread
                  : inbox.view === 'archived'
                    ? strings.emptyArchived
                    : strings.emptyTitle}
            </p>
            {inbox.view === 'inbox' && inbox.type === null ? (
              <p className="lb-panel-empty-text">{strings.emptyText}</p>
            ) : null}
          </div>
        ) : (
          <ul className="lb-item-list" ref={listRef} aria-label={strings.listLabel} onKeyDown={onListKeyDown}>
            {inbox.items.map((notification, index) => (
              <NotificationItem
                key={notification.id}
                notification={notification}
                now={now}
                onOpen={() => {
                  if (notification.readAt === null) inbox.setRead(notification, true);
                  onFollow?.();
                }}
                onFollow={(url) => inbox.follow(notification, url)}
                onToggleRead={() => inbox.setRead(notification, notification.readAt === null)}
                onToggleArchived={() => {
                  focusAfterRemoval.current = index;
                  inbox.setArchived(notification, notification.archivedAt == null);
                }}
                onRemove={() => {
                  focusAfterRemoval.current = index;
                  inbox.remove(notification);
                }}
              />
            ))}
          </ul>
        )}
      </div>
      {inbox.hasMore ? (
        <footer className="lb-panel-footer">
          <button type="button" className="lb-text-button" onClick={inbox.loadMore} disabled={!inbox.canLoadMore}>
            {inbox.loadingMore ? <LoaderCircle size={16} className="lb-spin" aria-hidden="true" /> : null}
            {inbox.loadingMore ? strings.loadingMore : strings.loadMore}
          </button>
        </footer>
      ) : inbox.items.length > 0 ? (
        <footer className="lb-panel-footer lb-panel-footer-end">{strings.endOfList}</footer>
      ) : null}
      <footer className="lb-panel-footer lb-panel-tools">
        <DesktopAlertsSwitch alerts={desktopAlerts} />
        {inbox.view === 'inbox' ? (
          <button type="button" className="lb-text-button" onClick={inbox.archiveAllRead}>
            <Archive size={16} aria-hidden="true" />
            {strings.archiveAllRead}
          </button>
        ) : null}
      </footer>
    </div>
  );
}

function rowsOf(list: HTMLUListElement | null): HTMLElement[] {
  return list === null ? [] : Array.from(list.querySelectorAll<HTMLElement>('[data-item-main]'));
}
