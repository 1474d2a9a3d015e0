import type { InboxView, Notification } from '@livebell/shared';
import { createContext, useContext } from 'react';
import type { ConnectionStatus } from './connection-status.js';
import type { DesktopAlertsState } from './desktop-alerts.js';
import type { LivebellTransport } from './livebell-client.js';

/** The signed-in user's inbox, kept equal to the database. */
export interface Inbox {
  /** Loaded notifications of the current view and type, newest first. */
  items: Notification[];
  /** The user's exact unread count, or null before it is known. */
  unreadCount: number | null;
  status: 'pending' | 'error' | 'success';
  hasMore: boolean;
  loadingMore: boolean;
  /** False while any fetch of the list is in flight; loading more then waits. */
  canLoadMore: boolean;
  loadMore: () => void;
  retry: () => void;
  /** The view shown: `inbox` (not archived), `unread` or `archived`. */
  view: InboxView;
  /** The type the list is filtered to, or null for every type. */
  type: string | null;
  /** Shows another view and type. */
  show: (view: InboxView, type: string | null) => void;
  setRead: (notification: Notification, read: boolean) => void;
  /** Marks it read and, once the server has it, takes this tab to `url` (a path or URL on this site). */
  follow: (notification: Notification, url: string) => void;
  markAllRead: () => void;
  /** Archives (out of the inbox and the badge) or, with `false`, restores. */
  setArchived: (notification: Notification, archived: boolean) => void;
  /** Archives every read notification in the inbox. */
  archiveAllRead: () => void;
  remove: (notification: Notification) => void;
}

/** System notifications while no tab of the user is visible; opt-in. */
export interface DesktopAlerts {
  state: DesktopAlertsState;
  /** Asks the browser's permission (its prompt appears now) and turns alerts on. */
  enable: () => void;
  disable: () => void;
}

/** The live connection, as a header or a custom UI shows it. */
export interface Connection {
  status: ConnectionStatus;
  transport: LivebellTransport;
  /** While `delayed`: how often the inbox reloads, in milliseconds. */
  pollIntervalMs: number;
}

/** Hears of each notification that arrives live (not of those a fetch brings). */
export type ArrivalListener = (notification: Notification) => void;

/** Hears of a notification the user opened from outside the bell (a desktop alert). */
export type OpenListener = (notification: Notification) => void;

export interface LivebellState {
  inbox: Inbox;
  connection: Connection;
  /** Adds a listener for live arrivals; returns the function that removes it. */
  onArrival: (listener: ArrivalListener) => () => void;
  /** Adds a listener for notifications opened from a desktop alert; returns the function that removes it. */
  onOpen: (listener: OpenListener) => () => void;
  desktopAlerts: DesktopAlerts;
}

export const LivebellStateContext = createContext<LivebellState | null>(null);

export function useLivebellState(caller: string): LivebellState {
  const state = useContext(LivebellStateContext);
  if (state === null) throw new Error(`${caller} must be used inside <LivebellProvider>`);
  return state;
}
