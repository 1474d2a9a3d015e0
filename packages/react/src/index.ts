// @livebell/react: the livebell bell for React apps. Import the stylesheet
// once as well: `import '@livebell/react/styles.css'`.
export { LivebellProvider, type LivebellProviderProps } from './livebell-provider.js';
export { NotificationBell } from './components/notification-bell.js';
export { ConnectionIndicator } from './components/connection-indicator.js';
export { NotificationPreview } from './components/notification-preview.js';
export { useNotifications, useUnreadCount, useConnection, useDesktopAlerts } from './headless-hooks.js';
export type { Inbox, Connection, DesktopAlerts } from './inbox-state.js';
export type { DesktopAlertsState } from './desktop-alerts.js';
export type { ConnectionStatus } from './connection-status.js';
export type { GetToken, LivebellTransport } from './livebell-client.js';
export { useLivebellStrings, type LivebellTheme } from './livebell-settings.js';
export type { LivebellStrings } from './strings/livebell-strings.js';
export { en } from './strings/en.js';
export { de } from './strings/de.js';
export { KNOWN_KINDS, type NotificationKind } from './notification-kind.js';
export { createTimeFormat, type RelativeTime, type TimeFormat } from './relative-time.js';
export { retryUnlessFinal, trpcErrorCode } from './trpc-error-code.js';
export { DELAYED_POLL_MS } from './inbox-engine.js';
