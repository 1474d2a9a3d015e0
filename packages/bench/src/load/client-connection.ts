import type { SystemName } from '../systems/system-name.js';
import { connectLivebellClient } from './livebell-client.js';
import { connectSocketIoClient } from './socketio-client.js';
import { connectWsClient } from './ws-client.js';

export interface ClientHandlers {
  /** A notification arrived: the user id and `data` it carries, unchecked. */
  onNotification(userId: unknown, data: unknown): void;
  /** The connection dropped without the benchmark closing it. */
  onDisconnect(): void;
  /** livebell asked the client to reload (any `resync` after the first). */
  onResync(): void;
}

export interface ClientOptions extends ClientHandlers {
  url: string;
  token: string;
  /** The loopback source address to connect from (see source-address.ts). */
  localAddress: string;
}

/** One subscribed user, over one real socket, with the system's own client library. */
export interface ClientConnection {
  /** Resolves once the server will deliver this user's notifications; rejects if it cannot get there. */
  ready: Promise<void>;
  close(): void;
}

export function connectClient(system: SystemName, options: ClientOptions): ClientConnection {
  switch (system) {
    case 'livebell':
      return connectLivebellClient(options);
    case 'socketio':
      return connectSocketIoClient(options);
    case 'ws':
      return connectWsClient(options);
  }
}
