// A livebell client as an app would use it: tRPC's WebSocket client and
// wsLink, token in connectionParams, subscribed to notifications.onEvent.
import type { AppRouter } from '@livebell/server';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { WebSocket } from 'ws';
import type { ClientConnection, ClientOptions } from './client-connection.js';

type WebSocketPonyfill = NonNullable<Parameters<typeof createWSClient>[0]['WebSocket']>;

/** ws's WebSocket bound to one local address, constructed the way tRPC does (`new WebSocket(url)`). */
function boundWebSocket(localAddress: string): WebSocketPonyfill {
  class BoundWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { localAddress });
    }
  }
  // tRPC types the ponyfill as the DOM WebSocket; ws implements the part it uses.
  return BoundWebSocket as unknown as WebSocketPonyfill;
}

export function connectLivebellClient(options: ClientOptions): ClientConnection {
  let closing = false;
  const wsClient = createWSClient({
    url: options.url,
    WebSocket: boundWebSocket(options.localAddress),
    connectionParams: { token: options.token },
    onClose: () => {
      if (!closing) options.onDisconnect();
    },
  });
  const trpc = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
  let subscription: { unsubscribe(): void } | null = null;
  const ready = new Promise<void>((resolve, reject) => {
    let resynced = false;
    subscription = trpc.notifications.onEvent.subscribe(undefined, {
      onData: ({ data: event }) => {
        if (event.kind === 'created') {
          options.onNotification(event.notification.userId, event.notification.data);
        } else if (event.kind === 'resync') {
          // The first event of a fresh subscription: from here on the hub delivers to it.
          if (resynced) options.onResync();
          resynced = true;
          resolve();
        }
      },
      onError: (error) => reject(error),
    });
  });
  return {
    ready,
    close: () => {
      closing = true;
      subscription?.unsubscribe();
      void wsClient.close();
    },
  };
}
