import { Bell as BellIcon } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { useLivebellState } from '../inbox-state.js';
import { useLivebellSettings, type LivebellTheme } from '../livebell-settings.js';
import { useLiveAnnouncer } from '../live-announcer.js';
import { NotificationPanel } from './notification-panel.js';

/**
 * The bell: a button with the unread badge that opens the notification panel,
 * and a polite live region that announces new notifications. Opening moves
 * focus into the panel; Escape closes it and returns focus to the button; a
 * click or focus outside closes it. Drop it anywhere under `LivebellProvider`.
 */
export function NotificationBell({
  theme,
  className,
}: {
  /** Overrides the provider's theme for this bell. */
  theme?: LivebellTheme;
  className?: string;
}) {
  const { inbox, connection, onArrival, onOpen, desktopAlerts } = useLivebellState('NotificationBell');
  const settings = useLivebellSettings();
  const { strings } = settings;
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const announcer = useLiveAnnouncer({ one: strings.announceOne, many: strings.announceMany });
  const { announce } = announcer;
  useEffect(() => onArrival((notification) => announce(notification.title)), [onArrival, announce]);
  // A desktop alert clicked: the app has focus again, and the bell opens on its notification.
  useEffect(() => onOpen(() => setOpen(true)), [onOpen]);

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
      className={['livebell', 'lb-bell', className].filter(Boolean).join(' ')}
      data-theme={theme ?? settings.theme}
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
        className={open ? 'lb-bell-button lb-is-open' : 'lb-bell-button'}
        aria-label={strings.bellLabel(inbox.unreadCount)}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((wasOpen) => !wasOpen)}
      >
        <BellIcon
          key={rings}
          className={rings > 0 ? 'lb-bell-icon lb-ring' : 'lb-bell-icon'}
          size={20}
          aria-hidden="true"
        />
        {count > 0 ? (
          <span className="lb-bell-badge" aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        ) : null}
      </button>
      {open ? (
        <NotificationPanel
          id={panelId}
          ref={panelRef}
          inbox={inbox}
          connection={connection}
          desktopAlerts={desktopAlerts}
        />
      ) : null}
      <div className="lb-visually-hidden" aria-live="polite" aria-atomic="true">
        {announcer.message}
      </div>
    </div>
  );
}
