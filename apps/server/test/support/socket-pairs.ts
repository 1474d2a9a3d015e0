// A real WebSocket server for unit tests of what a node does with its
// sockets (admission, heartbeat, expiry): each connection's client end, and
// the server end the unit under test decides about.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach } from 'vitest';
import { WebSocket, WebSocketServer, type ClientOptions } from 'ws';

export interface SocketPair {
  client: WebSocket;
  server: WebSocket;
  /** Resolves with the code the client sees the connection closed with. */
  closeCode: Promise<number>;
}

export interface SocketPairs {
  wss: WebSocketServer;
  /** Opens one connection; call one at a time (each takes the server's next connection). */
  connect(options?: ClientOptions): Promise<SocketPair>;
  /** Cuts every connection, from both ends, and closes the server. */
  close(): Promise<void>;
}

export async function socketPairs(): Promise<SocketPairs> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(wss, 'listening');
  const clients: WebSocket[] = [];
  return {
    wss,
    async connect(options) {
      const accepted = once(wss, 'connection') as Promise<[WebSocket]>;
      const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, options);
      clients.push(client);
      const closeCode = once(client, 'close').then(([code]) => code as number);
      const [[server]] = await Promise.all([accepted, once(client, 'open')]);
      return { client, server, closeCode };
    },
    async close() {
      for (const client of clients.splice(0)) client.terminate();
      for (const socket of wss.clients) socket.terminate();
      wss.close();
      await once(wss, 'close');
    },
  };
}

/** A fresh server for each test of the file: opened before it, closed after it. */
export function socketPairsPerTest(): {
  pairs: () => SocketPairs;
  connect: (options?: ClientOptions) => Promise<SocketPair>;
} {
  let current: SocketPairs | null = null;
  beforeEach(async () => {
    current = await socketPairs();
  });
  afterEach(async () => {
    await current?.close();
    current = null;
  });
  const pairs = () => {
    if (current === null) throw new Error('socket pairs exist only while a test runs');
    return current;
  };
  return { pairs, connect: (options) => pairs().connect(options) };
}
