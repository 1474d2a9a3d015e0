// A client that stops reading its socket, as a frozen tab or a stalled
// network does: the server must cut it within seconds (a WebSocket with 4008,
// an SSE stream by a retryable error and a dropped response), free what it
// held for it, keep serving everyone else, and let it resume from its last id
// with nothing lost. Over both transports. The server and the database run as
// real processes, so the server's memory is its own.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { TestDatabase } from '@livebell/mongo-emulator/testing';
import { MongoClient, ObjectId, type Collection, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ChaosNode, startDatabaseProcess } from '../chaos/chaos-cluster.js';
import { logLine } from '../support/node-process.js';
import { sampleValue, scrape } from '../support/prometheus.js';
import { socketRecordingFetch } from '../support/node-fetch.js';
import { liveClient, signIn, titled, type LiveClient, type Transport } from '../support/test-server.js';

/** A slow subscriber's limit (LIVEBELL_SUBSCRIBER_QUEUE): bytes waiting for it, its socket's included. */
const LIMIT_BYTES = 1024 * 1024;
/**
 * 24 MB for her: well past what the kernel's socket buffers on both ends of
 * a loopback connection absorb (several MB), so the server itself must hold
 * the rest, or cut her.
 */
const NOTIFICATIONS = 6000;
const BODY = 'x'.repeat(4000);
const BATCH = 250;

/** The server process's resident memory, in MiB. */
function serverRssMiB(node: ChaosNode): number {
  const pid = node.process?.child.pid;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kib) / 1024;
}

/**
 * Whether the server process still holds the TCP connection that comes from
 * `clientPort`: its socket is among the process's open files (Linux /proc).
 */
function serverHoldsConnectionFrom(node: ChaosNode, clientPort: number): boolean {
  const pid = node.process?.child.pid;
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    const target = linkTarget(`/proc/${pid}/fd/${fd}`);
    if (target.startsWith('socket:[')) inodes.add(target.slice('socket:['.length, -1));
  }
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const row of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local = '', remote = '', , , , , , , inode = ''] = row.trim().split(/\s+/);
      const port = (address: string) => Number.parseInt(address.split(':').at(-1) ?? '', 16);
      if (port(local) === node.port && port(remote) === clientPort && inodes.has(inode)) return true;
    }
  }
  return false;
}

/** Where a symbolic link points; '' once it is gone (a file closed meanwhile). */
function linkTarget(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}

/** The WebSocket class of one client, keeping each TCP socket it opens so the test can stop reading from it. */
function recordingWebSocket(opened: Socket[]): typeof WebSocket {
  class Recording extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols);
      this.once('open', () => opened.push(tcpOf(this)));
    }
  }
  return Recording as unknown as typeof WebSocket;
}

/** The TCP socket under a ws WebSocket: pausing it stops reading, so the kernel's buffers fill and TCP pushes back. */
function tcpOf(ws: WebSocket): Socket {
  const socket = (ws as unknown as { _socket?: Socket })._socket;
  if (!socket) throw new Error('not connected');
  return socket;
}

/** A live client over `transport` that keeps the TCP socket of each connection it opens. */
function recordingClient(url: string, token: string, transport: Transport, opened: Socket[]): LiveClient {
  return transport === 'sse'
    ? liveClient(url, token, { transport, fetch: socketRecordingFetch(opened) })
    : liveClient(url, token, { transport, WebSocket: recordingWebSocket(opened) });
}

function slowDisconnects(node: ChaosNode): { at: number; line: Record<string, unknown> }[] {
  return (node.process?.stdout ?? [])
    .map((line) => logLine(line))
    .filter(
      (line): line is Record<string, unknown> => line?.msg === 'Disconnecting a subscriber that fell too far behind',
    )
    .map((line) => ({ at: typeof line.time === 'number' ? line.time : Date.parse(String(line.time)), line }));
}

/** What the server logs when it cuts a slow subscriber over `transport`. */
const CUT_LOG: Record<Transport, Record<string, unknown>> = {
  websocket: { userId: 'ada', transport: 'websocket', closeCode: 4008 },
  sse: { userId: 'ada', transport: 'sse' },
};

describe.each<Transport>(['websocket', 'sse'])('a subscriber that stops reading over %s', (transport) => {
  let database: TestDatabase;
  let mongo: MongoClient;
  let notifications: Collection<Document>;
  let node: ChaosNode;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    database = await startDatabaseProcess();
    mongo = await MongoClient.connect(database.uri);
    notifications = mongo.db(database.dbName).collection('notifications');
    node = await ChaosNode.create('slow-subscriber', {
      MONGODB_URI: database.uri,
      MONGODB_DB: database.dbName,
      ENABLE_CHANGE_STREAMS: 'true',
      LIVEBELL_SUBSCRIBER_QUEUE: String(LIMIT_BYTES),
    });
    await node.start();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await node.stop();
    await mongo.close();
    await database.stop();
  }, 60_000);

  it('is cut within seconds, its memory freed, others unaffected, and it resumes from its last id', async () => {
    const opened: Socket[] = [];
    const ada = recordingClient(node.url, await signIn(node.url, 'ada'), transport, opened);
    const bob = liveClient(node.url, await signIn(node.url, 'bob'), { transport });
    clients.push(ada, bob);
    await ada.waitForEvent((event) => event.kind === 'resync');
    await bob.waitForEvent((event) => event.kind === 'resync');
    const rssBefore = serverRssMiB(node);

    // Ada's tab freezes: her socket is not read any more.
    const [frozen] = opened;
    if (!frozen) throw new Error('no socket');
    const frozenPort = frozen.localPort ?? 0;
    expect(serverHoldsConnectionFrom(node, frozenPort)).toBe(true);
    frozen.pause();

    const burstStarted = Date.now();
    let rssPeak = rssBefore;
    const bobLatencies: number[] = [];
    for (let sent = 0; sent < NOTIFICATIONS; sent += BATCH) {
      await notifications.insertMany(
        Array.from({ length: BATCH }, (_, n) => ({
          _id: new ObjectId(),
          userId: 'ada',
          type: 'info',
          title: `ada ${sent + n}`,
          body: BODY,
        })),
      );
      // Bob goes on receiving while ada's backlog grows.
      const title = `bob ${sent}`;
      const insertedAt = Date.now();
      await notifications.insertOne({ userId: 'bob', type: 'info', title });
      await bob.waitForEvent(titled(title));
      bobLatencies.push(Date.now() - insertedAt);
      rssPeak = Math.max(rssPeak, serverRssMiB(node));
    }

    const burstEnded = Date.now();

    // The server cut her within seconds: during the burst, or at the latest soon after it.
    await expect.poll(() => slowDisconnects(node).length, { timeout: 10_000 }).toBe(1);
    const [disconnect] = slowDisconnects(node);
    const disconnectedAt = disconnect?.at ?? Number.POSITIVE_INFINITY;
    const secondsToClose = (disconnectedAt - burstStarted) / 1000;
    expect(disconnect?.line).toMatchObject(CUT_LOG[transport]);
    const cut = await scrape(`${node.url}/metrics`);
    expect(sampleValue(cut, 'livebell_slow_subscriber_disconnects_total')).toBe(1);
    expect(disconnectedAt - burstEnded).toBeLessThan(10_000);
    // Her connection is gone from the server (destroyed, not left waiting for a close handshake she
    // cannot read), and with it the bytes it held.
    await expect.poll(() => serverHoldsConnectionFrom(node, frozenPort), { timeout: 5000 }).toBe(false);
    const rssAfter = serverRssMiB(node);
    expect(rssAfter - rssBefore).toBeLessThan(96);
    expect(Math.max(...bobLatencies)).toBeLessThan(2000);

    // Her tab wakes up: it reads what reached it, reconnects, and resumes from its last id.
    frozen.resume();
    await ada.waitForEvent(titled(`ada ${NOTIFICATIONS - 1}`), 60_000);
    const titles = ada.events.flatMap(({ event }) => (event.kind === 'created' ? [event.notification.title] : []));
    expect(titles).toEqual(Array.from({ length: NOTIFICATIONS }, (_, n) => `ada ${n}`));
    expect(ada.closeCodes.length).toBeGreaterThan(0);
    // Each reconnection resumed from her last id, and /metrics counted how.
    const resumed = await scrape(`${node.url}/metrics`);
    const replays = ['window', 'catch-up', 'resync'].map((source) =>
      sampleValue(resumed, 'livebell_replays_total', { source }),
    );
    expect(replays.reduce((sum, count) => sum + count, 0)).toBe(ada.closeCodes.length);
    const counts = ada.events.flatMap(({ event }) => (event.kind === 'created' ? [event.unreadCount] : []));
    expect(counts.at(-1)).toBe(NOTIFICATIONS);

    console.log(
      `slow subscriber over ${transport}: closed ${secondsToClose.toFixed(1)} s after the burst began ` +
        `(the burst took ${((burstEnded - burstStarted) / 1000).toFixed(1)} s); server RSS ${rssBefore.toFixed(0)} MiB ` +
        `before, ${rssPeak.toFixed(0)} MiB at most, ${rssAfter.toFixed(0)} MiB after; bob's worst latency ` +
        `${Math.max(...bobLatencies)} ms; ada received ${titles.length} after ${ada.closeCodes.length} reconnect(s)`,
    );
  }, 120_000);
});
