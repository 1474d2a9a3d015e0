import type { Notification } from '@livebell/shared';
import { createContext, useContext } from 'react';
import type { ConnectionStatus } from './connection-status.js';
import type { LivebellTransport } from './livebell-client.js';

/** The signed-in user's inbox, kept equal to the database. */
export interface Inbox {
  /** Loaded notifications, newest first. */
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
  setRead: (notification: Notification, read: boolean) => void;
  markAllRead: () => void;
  remove: (notification: Notification) => void;
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

export interface LivebellState {
  inbox: Inbox;
  connection: Connection;
  /** Adds a listener for live arrivals; returns the function that removes it. */
  onArrival: (listener: ArrivalListener) => () => void;
}

export const LivebellStateContext = createContext<LivebellState | null>(null);

export function useLivebellState(caller: string): LivebellState {
  const state = useContext(LivebellStateContext);
  if (state === null) throw new Error(`${caller} must be used inside <LivebellProvider>`);
  return state;
}
