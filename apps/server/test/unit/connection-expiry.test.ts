import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { CLOSE_CODES } from '../../src/http/close-codes.js';
import { ConnectionExpiry } from '../../src/trpc/connection-expiry.js';

let wss: WebSocketServer;
const clients: WebSocket[] = [];

beforeEach(async () => {
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(wss, 'listening');
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.terminate();
  wss.close();
  await once(wss, 'close');
});

/** A real connection: the client end, and the server end whose token expires. */
async function connect(): Promise<{ client: WebSocket; server: WebSocket; closeCode: Promise<number> }> {
  const accepted = once(wss, 'connection') as Promise<[WebSocket]>;
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  clients.push(client);
  const closeCode = once(client, 'close').then(([code]) => code as number);
  const [[server]] = await Promise.all([accepted, once(client, 'open')]);
  return { client, server, closeCode };
}

describe('ConnectionExpiry', () => {
  it('closes each connection at its expiry with 4401, those of one second together, and none that closed first', async () => {
    const expiry = new ConnectionExpiry();
    const ada = await connect();
    const bob = await connect();
    const gone = await connect();
    const late = await connect();
    const expiresAt = Date.now() + 200;
    expiry.endAt(ada.server, expiresAt);
    expiry.endAt(bob.server, expiresAt);
    expiry.endAt(gone.server, expiresAt);
    expiry.endAt(late.server, expiresAt + 60_000);
    gone.client.close(1000, 'leaving');

    expect(await gone.closeCode).toBe(1000);
    expect(await ada.closeCode).toBe(CLOSE_CODES.TOKEN_EXPIRED);
    expect(await bob.closeCode).toBe(CLOSE_CODES.TOKEN_EXPIRED);
    expect(late.client.readyState).toBe(WebSocket.OPEN);
  });

  it('closes a connection whose token has already expired at once', async () => {
    const expiry = new ConnectionExpiry();
    const { server, closeCode } = await connect();
    expiry.endAt(server, Date.now() - 5000);
    expect(await closeCode).toBe(CLOSE_CODES.TOKEN_EXPIRED);
  });
});
