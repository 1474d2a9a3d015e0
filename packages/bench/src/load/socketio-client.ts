// A client of the Socket.IO design: socket.io-client, token in the handshake's
// `auth`, notifications as `notification` events. WebSocket transport only:
// 10,000 clients long-polling first would measure polling, not delivery.
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { ClientConnection, ClientOptions } from './client-connection.js';

type ServerToClient = { notification: (doc: unknown) => void };

export function connectSocketIoClient(options: ClientOptions): ClientConnection {
  // `localAddress` reaches ws through engine.io-client, which does not declare it.
  const socketOptions: Partial<ManagerOptions & SocketOptions> & { localAddress: string } = {
    transports: ['websocket'],
    // One connection per client: by default io() shares one Manager per URL.
    forceNew: true,
    auth: { token: options.token },
    localAddress: options.localAddress,
  };
  const socket: Socket<ServerToClient> = io(options.url, socketOptions);
  let closing = false;
  socket.on('notification', (doc) => {
    const { userId, data } = (doc ?? {}) as { userId?: unknown; data?: unknown };
    options.onNotification(userId, data);
  });
  socket.on('disconnect', () => {
    if (!closing) options.onDisconnect();
  });
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    ready,
    close: () => {
      closing = true;
      socket.disconnect();
    },
  };
}
