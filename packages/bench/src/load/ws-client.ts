// A client of the floor: a bare ws WebSocket, token in the URL, one JSON
// event per message.
import { once } from 'node:events';
import { WebSocket } from 'ws';
import type { ClientConnection, ClientOptions } from './client-connection.js';

export function connectWsClient(options: ClientOptions): ClientConnection {
  const ws = new WebSocket(`${options.url}?token=${encodeURIComponent(options.token)}`, {
    localAddress: options.localAddress,
  });
  let closing = false;
  ws.on('message', (raw: Buffer) => {
    const event = JSON.parse(raw.toString('utf8')) as { notification?: { userId?: unknown; data?: unknown } };
    options.onNotification(event.notification?.userId, event.notification?.data);
  });
  ws.on('close', () => {
    if (!closing) options.onDisconnect();
  });
  ws.on('error', () => undefined);
  return {
    ready: once(ws, 'open').then(() => undefined),
    close: () => {
      closing = true;
      ws.close();
    },
  };
}
