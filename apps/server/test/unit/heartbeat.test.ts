import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { Heartbeat } from '../../src/http/heartbeat.js';
import { socketPairs, type SocketPairs } from '../support/socket-pairs.js';

let pairs: SocketPairs;
let heartbeat: Heartbeat;

beforeEach(async () => {
  pairs = await socketPairs();
  heartbeat = new Heartbeat(pairs.wss.clients, 50);
  pairs.wss.on('connection', (socket) => heartbeat.watch(socket));
});
afterEach(async () => {
  heartbeat.stop();
  await pairs.close();
});

async function connect(options: { autoPong: boolean }): Promise<WebSocket> {
  return (await pairs.connect(options)).client;
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
    for (let n = 0; n < 30; n += 1) accepted.push((await pairs.connect({ autoPong: true })).server);
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
    const slow = new Heartbeat(pairs.wss.clients, 3000);
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
