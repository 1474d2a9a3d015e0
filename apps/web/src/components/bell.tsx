import { Bell as BellIcon } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import type { ConnectionStatus } from '../connection-status.js';
import type { Inbox } from '../use-inbox.js';
import { NotificationPanel } from './notification-panel.js';

/** What the bell button is called, unread count included, for screen readers and tests alike. */
export function bellLabel(unreadCount: number | null): string {
  if (unreadCount === null) return 'Notifications';
  return unreadCount === 0 ? 'Notifications, no unread' : `Notifications, ${unreadCount} unread`;
}

/**
 * The bell: a button with the unread badge that opens the notification panel.
 * Opening moves focus into the panel; Escape closes it and returns focus to
 * the button; a click or focus outside closes it.
 */
export function Bell({ inbox, status }: { inbox: Inbox; status: ConnectionStatus }) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    panelRef.current?.focus();
    // Closes on a press or a focus anywhere outside the bell. Focus events,
    // not blur, because a row that disappears takes focus with it without
    // focus going anywhere else.
    const closeIfOutside = (event: Event) => {
      if (event.target instanceof Node && !rootRef.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', closeIfOutside);
    document.addEventListener('focusin', closeIfOutside);
    return () => {
      document.removeEventListener('pointerdown', closeIfOutside);
      document.removeEventListener('focusin', closeIfOutside);
    };
  }, [open]);

  const count = inbox.unreadCount ?? 0;
  // The bell rings once each time the count goes up (React's pattern for
  // state derived from the previous render).
  const [previousCount, setPreviousCount] = useState(count);
  const [rings, setRings] = useState(0);
  if (count !== previousCount) {
    setPreviousCount(count);
    if (count > previousCount) setRings(rings + 1);
  }

  return (
    <div
      className="bell"
      ref={rootRef}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !open) return;
        event.stopPropagation();
        setOpen(false);
        buttonRef.current?.focus();
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={open ? 'bell-button is-open' : 'bell-button'}
        aria-label={bellLabel(inbox.unreadCount)}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((wasOpen) => !wasOpen)}
      >
        <BellIcon key={rings} className={rings > 0 ? 'bell-icon ring' : 'bell-icon'} size={20} aria-hidden="true" />
        {count > 0 ? (
          <span className="bell-badge" aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        ) : null}
      </button>
      {open ? <NotificationPanel id={panelId} ref={panelRef} inbox={inbox} status={status} /> : null}
    </div>
  );
}
