import type { TRPCWebSocketClient } from '@trpc/client';
import { useSyncExternalStore } from 'react';

/**
 * What the header shows about the live connection. `delayed`: connected, but
 * the server is not watching MongoDB (change streams off or failing), so
 * nothing arrives live and the bell polls instead.
 */
export type ConnectionStatus = 'connecting' | 'live' | 'delayed' | 'reconnecting' | 'offline';

type SocketState = ReturnType<TRPCWebSocketClient['connectionState']['get']>;

/**
 * An open socket is live whatever the browser believes, unless the server is
 * not watching for changes; otherwise a browser that knows it is offline is
 * offline, and a socket that has been open before (it carries the error that
 * closed it) is reconnecting.
 */
export function toConnectionStatus(
  socket: { state: SocketState['state']; error: unknown },
  online: boolean,
  serverWatching: boolean,
): ConnectionStatus {
  if (socket.state === 'pending') return serverWatching ? 'live' : 'delayed';
  if (!online || socket.state === 'idle') return 'offline';
  return socket.error === null ? 'connecting' : 'reconnecting';
}

/**
 * The status of `wsClient`'s connection, kept current from its state and the
 * browser's online events; `serverWatching` comes from the server's health.
 */
export function useConnectionStatus(wsClient: TRPCWebSocketClient, serverWatching: boolean): ConnectionStatus {
  const socket = useSyncExternalStore(
    (onChange) => {
      const subscription = wsClient.connectionState.subscribe({ next: onChange });
      return () => subscription.unsubscribe();
    },
    () => wsClient.connectionState.get(),
  );
  const online = useSyncExternalStore(
    (onChange) => {
      window.addEventListener('online', onChange);
      window.addEventListener('offline', onChange);
      return () => {
        window.removeEventListener('online', onChange);
        window.removeEventListener('offline', onChange);
      };
    },
    () => navigator.onLine,
  );
  return toConnectionStatus(socket, online, serverWatching);
}
