import { useLivebellState, type Connection, type DesktopAlerts, type Inbox } from './inbox-state.js';

/**
 * The signed-in user's notifications, newest first, with the actions on them,
 * kept live by the provider's subscription. For teams that draw their own UI.
 */
export function useNotifications(): Inbox {
  return useLivebellState('useNotifications').inbox;
}

/** The user's exact unread count (as of the last event or fetch), or null before it is known. */
export function useUnreadCount(): number | null {
  return useLivebellState('useUnreadCount').inbox.unreadCount;
}

/** Whether notifications arrive live: `live`, `connecting`, `reconnecting`, `delayed` or `offline`. */
export function useConnection(): Connection {
  return useLivebellState('useConnection').connection;
}

/** Desktop alerts for this user in this browser: their state, and turning them on (the permission prompt) or off. */
export function useDesktopAlerts(): DesktopAlerts {
  return useLivebellState('useDesktopAlerts').desktopAlerts;
}
