// A TCP proxy in front of the database that can go silent: connections stay
// open, but no byte passes either way (as when a network path drops packets
// or a database process hangs), until it speaks again. Nothing is lost:
// bytes wait in the sockets' buffers, as they would in the network.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface SilentProxy {
  /**
   * The database URI through the proxy. A direct connection: a replica-set URI
   * would let the driver find the member's own address and go around the proxy.
   */
  uriFor(databaseUri: string): string;
  silence(): void;
  speak(): void;
  close(): Promise<void>;
}

export async function startSilentProxy(target: { host: string; port: number }): Promise<SilentProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let silent = false;
  const server: Server = createServer((client) => {
    const upstream = createConnection(target);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    if (silent) for (const socket of pair) socket.pause();
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return {
    uriFor(databaseUri) {
      const url = new URL(databaseUri);
      url.host = `127.0.0.1:${address.port}`;
      url.searchParams.delete('replicaSet');
      url.searchParams.set('directConnection', 'true');
      return url.toString();
    },
    silence() {
      silent = true;
      for (const pair of pairs) for (const socket of pair) socket.pause();
    },
    speak() {
      silent = false;
      for (const pair of pairs) for (const socket of pair) socket.resume();
    },
    async close() {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
