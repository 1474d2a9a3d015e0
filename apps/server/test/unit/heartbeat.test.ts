import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { Heartbeat } from '../../src/http/heartbeat.js';

let wss: WebSocketServer;
let heartbeat: Heartbeat;
const clients: WebSocket[] = [];

beforeEach(async () => {
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(wss, 'listening');
  heartbeat = new Heartbeat(wss.clients, 50);
  wss.on('connection', (socket) => heartbeat.watch(socket));
});
afterEach(async () => {
  heartbeat.stop();
  for (const client of clients.splice(0)) client.terminate();
  wss.close();
  await once(wss, 'close');
});

async function connect(options: { autoPong: boolean }): Promise<WebSocket> {
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, options);
  clients.push(client);
  await once(client, 'open');
  return client;
}

/** Resolves once `client` has been pinged `count` times. */
function pinged(client: WebSocket, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    client.on('ping', () => {
      seen += 1;
      if (seen === count) resolve();
    });
  });
}

describe('Heartbeat', () => {
  it('cuts a connection that stops answering pings and keeps one that answers', async () => {
    const answering = await connect({ autoPong: true });
    const silent = await connect({ autoPong: false });
    const silentClosed = once(silent, 'close');
    const silentPinged = pinged(silent, 1);
    const answeringPinged = pinged(answering, 3);

    await silentPinged;
    const [code] = (await silentClosed) as [number];
    expect(code).toBe(1006);
    await answeringPinged;
    expect(answering.readyState).toBe(WebSocket.OPEN);
  });

  it('pings a slice of the sockets per tick, each once per interval, never all at once', async () => {
    heartbeat.stop();
    const accepted: WebSocket[] = [];
    wss.on('connection', (socket) => accepted.push(socket));
    await Promise.all(Array.from({ length: 30 }, () => connect({ autoPong: true })));
    const pings = accepted.map((socket) => vi.spyOn(socket, 'ping'));
    const pinged = () => pings.reduce((sum, ping) => sum + ping.mock.calls.length, 0);
    let pongs = 0;
    const allAnswered = new Promise<void>((resolve) => {
      for (const socket of accepted) {
        socket.on('pong', () => {
          pongs += 1;
          if (pongs === accepted.length) resolve();
        });
      }
    });

    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const slow = new Heartbeat(wss.clients, 3000);
    for (const socket of accepted) slow.watch(socket);
    try {
      vi.advanceTimersByTime(100); // one tick: a thirtieth of the interval
      expect(pinged()).toBe(2);
      vi.advanceTimersByTime(1400); // half the interval: the pass is done
      expect(pinged()).toBe(30);
      await allAnswered;
      vi.advanceTimersByTime(1400); // no socket is pinged twice within the interval
      expect(pinged()).toBe(30);
      vi.advanceTimersByTime(200);
      expect(pinged()).toBe(32);
    } finally {
      slow.stop();
      vi.useRealTimers();
    }
  });
});
