import { BellOff, CheckCheck, LoaderCircle, RefreshCw } from 'lucide-react';
import { useId, useLayoutEffect, useRef, type KeyboardEvent, type Ref } from 'react';
import type { ConnectionStatus } from '../connection-status.js';
import type { Inbox } from '../use-inbox.js';
import { useNow } from '../use-now.js';
import { ConnectionNotice } from './connection-indicator.js';
import { NotificationItem } from './notification-item.js';

/** Keys that move focus between the rows of the list. */
const ROW_KEYS = new Set(['ArrowDown', 'ArrowUp', 'Home', 'End']);

/** The bell's popover: the list, its actions, and what to show while empty, loading or failing. */
export function NotificationPanel({
  id,
  ref,
  inbox,
  status,
}: {
  id: string;
  ref: Ref<HTMLDivElement>;
  inbox: Inbox;
  status: ConnectionStatus;
}) {
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
    <div className="panel" id={id} ref={ref} role="dialog" aria-labelledby={headingId} tabIndex={-1}>
      <header className="panel-header">
        <h2 id={headingId}>Notifications</h2>
        {unread > 0 ? <span className="pill">{unread} unread</span> : null}
        <button type="button" className="text-button" onClick={inbox.markAllRead} disabled={unread === 0}>
          <CheckCheck size={16} aria-hidden="true" />
          Mark all read
        </button>
      </header>
      <ConnectionNotice status={status} />
      <div className="panel-body">
        {inbox.status === 'pending' ? (
          <ul className="skeleton-list" aria-label="Loading notifications">
            {[0, 1, 2].map((row) => (
              <li key={row} className="skeleton-row" />
            ))}
          </ul>
        ) : inbox.status === 'error' && inbox.items.length === 0 ? (
          <div className="panel-empty" role="alert">
            <p className="panel-empty-title">Couldn’t load your notifications</p>
            <button type="button" className="button button-secondary" onClick={inbox.retry}>
              <RefreshCw size={16} aria-hidden="true" />
              Try again
            </button>
          </div>
        ) : inbox.items.length === 0 ? (
          <div className="panel-empty">
            <span className="panel-empty-icon" aria-hidden="true">
              <BellOff size={22} />
            </span>
            <p className="panel-empty-title">You’re all caught up</p>
            <p className="panel-empty-text">New notifications appear here the moment they are sent.</p>
          </div>
        ) : (
          <ul className="item-list" ref={listRef} aria-label="Notifications, newest first" onKeyDown={onListKeyDown}>
            {inbox.items.map((notification, index) => (
              <NotificationItem
                key={notification.id}
                notification={notification}
                now={now}
                onOpen={() => {
                  if (notification.readAt === null) inbox.setRead(notification, true);
                }}
                onToggleRead={() => inbox.setRead(notification, notification.readAt === null)}
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
        <footer className="panel-footer">
          <button type="button" className="text-button" onClick={inbox.loadMore} disabled={!inbox.canLoadMore}>
            {inbox.loadingMore ? <LoaderCircle size={16} className="spin" aria-hidden="true" /> : null}
            {inbox.loadingMore ? 'Loading…' : 'Load older notifications'}
          </button>
        </footer>
      ) : inbox.items.length > 0 ? (
        <footer className="panel-footer panel-footer-end">That’s everything</footer>
      ) : null}
    </div>
  );
}

function rowsOf(list: HTMLUListElement | null): HTMLElement[] {
  return list === null ? [] : Array.from(list.querySelectorAll<HTMLElement>('[data-item-main]'));
}
