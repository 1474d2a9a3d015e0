import type { LivebellStrings } from './livebell-strings.js';

/** English, the default. */
export const en: LivebellStrings = {
  bellLabel: (count) =>
    count === null ? 'Notifications' : count === 0 ? 'Notifications, no unread' : `Notifications, ${count} unread`,
  panelTitle: 'Notifications',
  unreadPill: (count) => `${count} unread`,
  markAllRead: 'Mark all read',
  listLabel: 'Notifications, newest first',
  loadingList: 'Loading notifications',
  loadFailed: 'Couldn’t load your notifications',
  retry: 'Try again',
  emptyTitle: 'You’re all caught up',
  emptyText: 'New notifications appear here the moment they are sent.',
  loadMore: 'Load older notifications',
  loadingMore: 'Loading…',
  endOfList: 'That’s everything',
  unreadPrefix: 'Unread: ',
  markAs: (title, read) => `Mark “${title}” as ${read ? 'read' : 'unread'}`,
  markAsHint: (read) => (read ? 'Mark as read' : 'Mark as unread'),
  removeLabel: (title) => `Remove “${title}”`,
  removeHint: 'Remove',
  announceOne: (title) => `New notification: ${title}`,
  announceMany: (count) => `${count} new notifications`,
  connection: {
    connecting: 'Connecting…',
    live: 'Live',
    delayed: 'Delayed',
    reconnecting: 'Reconnecting…',
    offline: 'Offline',
  },
  connectionDetail: (status, pollSeconds) =>
    ({
      connecting: 'Connecting to livebell',
      live: 'Live: new notifications appear as they arrive',
      delayed: `The server is not watching for changes right now; the bell refreshes every ${pollSeconds} seconds.`,
      reconnecting: 'Connection lost; reconnecting. Nothing sent meanwhile is lost.',
      offline: 'Offline; notifications will catch up when the connection is back.',
    })[status],
  kinds: {
    info: 'Info',
    success: 'Success',
    warning: 'Warning',
    mention: 'Mention',
    comment: 'Comment',
    security: 'Security',
    billing: 'Billing',
  },
};
