import { useSyncExternalStore } from 'react';

/**
 * Whether notifications arrive live. `delayed`: connected, but the server is
 * not watching MongoDB (change streams off or failing), so nothing arrives
 * live and the inbox polls instead.
 */
export type ConnectionStatus = 'connecting' | 'live' | 'delayed' | 'reconnecting' | 'offline';

/**
 * The live subscription as tRPC's React hook reports it, over either
 * transport: `connecting` (with the error that closed the previous
 * connection, if there was one), `pending` (started: events flow), `error`
 * (the server ended it; it is restarted) or `idle` (stopped).
 */
export interface SubscriptionState {
  status: 'idle' | 'connecting' | 'pending' | 'error';
  error: unknown;
}

/**
 * A started subscription is live whatever the browser believes, unless the
 * server is not watching for changes; otherwise a browser that knows it is
 * offline is offline, and a subscription that has been connected before (it
 * carries the error that cut it) is reconnecting.
 */
export function toConnectionStatus(
  subscription: SubscriptionState,
  online: boolean,
  serverWatching: boolean,
): ConnectionStatus {
  if (subscription.status === 'pending') return serverWatching ? 'live' : 'delayed';
  if (!online || subscription.status === 'idle') return 'offline';
  if (subscription.status === 'error') return 'reconnecting';
  return subscription.error === null || subscription.error === undefined ? 'connecting' : 'reconnecting';
}

function subscribeToOnline(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** Whether the browser believes it is online, kept current from its events. */
export function useBrowserOnline(): boolean {
  return useSyncExternalStore(
    subscribeToOnline,
    () => navigator.onLine,
    () => true,
  );
}
