import type { TRPCWebSocketClient } from '@trpc/client';
import { useSyncExternalStore } from 'react';

/** What the header shows about the live connection. */
export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

type SocketState = ReturnType<TRPCWebSocketClient['connectionState']['get']>;

/**
 * An open socket is live whatever the browser believes; otherwise a browser
 * that knows it is offline is offline, and a socket that has been open before
 * (it carries the error that closed it) is reconnecting.
 */
export function toConnectionStatus(socket: { state: SocketState['state']; error: unknown }, online: boolean): ConnectionStatus {
  if (socket.state === 'pending') return 'live';
  if (!online || socket.state === 'idle') return 'offline';
  return socket.error === null ? 'connecting' : 'reconnecting';
}

/** The status of `wsClient`'s connection, kept current from its state and the browser's online events. */
export function useConnectionStatus(wsClient: TRPCWebSocketClient): ConnectionStatus {
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
  return toConnectionStatus(socket, online);
}
