import type { InboxView } from '@livebell/shared';
import type { ConnectionStatus } from '../connection-status.js';
import type { DesktopAlertsState } from '../desktop-alerts.js';

/**
 * Every text the livebell components show or announce. Pass a whole set as
 * `strings`, or a part of one to replace only those texts; dates and times
 * are formatted by `Intl` for the provider's `locale` and are not listed here.
 */
export interface LivebellStrings {
  /** The bell button's accessible name, unread count included; `null` before the count is known. */
  bellLabel: (unreadCount: number | null) => string;
  /** The panel's heading and its dialog's name. */
  panelTitle: string;
  /** The pill beside the heading. */
  unreadPill: (unreadCount: number) => string;
  markAllRead: string;
  /** The list's accessible name. */
  listLabel: string;
  loadingList: string;
  loadFailed: string;
  retry: string;
  emptyTitle: string;
  emptyText: string;
  loadMore: string;
  loadingMore: string;
  endOfList: string;
  /** Read by screen readers before an unread notification's title. */
  unreadPrefix: string;
  /** The accessible name of the button that toggles a notification's read state. */
  markAs: (title: string, read: boolean) => string;
  /** Its tooltip. */
  markAsHint: (read: boolean) => string;
  removeLabel: (title: string) => string;
  removeHint: string;
  /** The tabs of the panel, and the accessible name of their tab list. */
  views: Record<InboxView, string>;
  viewsLabel: string;
  /** The type filter's accessible name, and its option for every type. */
  typeFilterLabel: string;
  allTypes: string;
  /** What an empty list says in the unread and archived views, and when a type filter leaves nothing. */
  emptyUnread: string;
  emptyArchived: string;
  emptyFiltered: string;
  /** The button that archives every read notification of the inbox. */
  archiveAllRead: string;
  /** The accessible name of the button that archives (`true`) or restores a notification, and its tooltip. */
  archiveLabel: (title: string, archive: boolean) => string;
  archiveHint: (archive: boolean) => string;
  /** The desktop alerts switch, for each state. */
  desktopAlerts: Record<DesktopAlertsState, string>;
  /** What the live region says for one new notification, and for a burst of them. */
  announceOne: (title: string) => string;
  announceMany: (count: number) => string;
  /** The connection pill's word for each state. */
  connection: Record<ConnectionStatus, string>;
  /** A sentence for each state (the pill's tooltip, the panel's notice); `pollSeconds` is the polling period while delayed. */
  connectionDetail: (status: ConnectionStatus, pollSeconds: number) => string;
  /** Names of the notification types livebell draws with their own icon; any other type shows as written. */
  kinds: Record<string, string>;
}
