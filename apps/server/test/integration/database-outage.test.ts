// The database goes away while clients are subscribed: its process is
// killed and started again, or the network to it goes silent for longer than
// the stall watchdog. Health must stop claiming a live stream within the
// watchdog's time and say why, the stream must come back by itself, and every
// client must end with exactly the database's notifications: 0 lost, 0 duplicated.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChangeStreamStatus, HealthStatus } from '@livebell/shared';
import { freePort, startEmulatorProcess, type EmulatorProcess } from '@livebell/test-support';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { startSilentProxy, type SilentProxy } from '../support/silent-proxy.js';
import { liveClient, signIn, startTestNode, titled, type LiveClient, type TestNode } from '../support/test-server.js';

/** The watchdog for these tests: short, so a test does not take minutes (the default is 10 s). */
const STALL_MS = 2000;
const DB_NAME = 'livebell_outage';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function changeStreamHealth(node: TestNode): Promise<ChangeStreamStatus> {
  const response = await fetch(`${node.server.url}/api/health/change-streams`);
  return ((await response.json()) as { data: ChangeStreamStatus }).data;
}

async function health(node: TestNode): Promise<HealthStatus['status']> {
  const response = await fetch(`${node.server.url}/api/health`);
  return ((await response.json()) as { data: HealthStatus }).data.status;
}

/** What the client shows, in order, against what the database holds for the user. */
async function compare(client: LiveClient, notifications: Collection<Document>, userId: string) {
  const received = client.events.flatMap(({ event }) => (event.kind === 'created' ? [event.notification.title] : []));
  const stored = (await notifications.find({ userId }).sort({ _id: 1 }).toArray()).map((doc) => String(doc.title));
  const lost = stored.filter((title) => !received.includes(title)).length;
  const duplicated = received.length - new Set(received).size;
  return { received, stored, lost, duplicated };
}

function titles(prefix: string, count: number) {
  return Array.from({ length: count }, (_, n) => ({ userId: 'ada', type: 'info', title: `${prefix} ${n}` }));
}

describe('database outage', () => {
  it('a killed and restarted database: health says so within seconds, the stream comes back, nothing lost or doubled', async () => {
    const dbpath = await mkdtemp(join(tmpdir(), 'livebell-outage-'));
    cleanups.push(() => rm(dbpath, { recursive: true, force: true }));
    const port = await freePort();
    let emulator: EmulatorProcess = await startEmulatorProcess(['--port', String(port), '--dbpath', dbpath]);
    cleanups.push(() => emulator.stop());
    const node = await startTestNode(
      { uri: emulator.uri, dbName: DB_NAME, stop: () => Promise.resolve() },
      { LIVEBELL_STREAM_STALL_MS: String(STALL_MS), DEBUG: 'false' },
    );
    cleanups.push(() => node.server.stop());
    const ada = liveClient(node.server.url, await signIn(node.server.url, 'ada'));
    cleanups.push(() => ada.close());
    await ada.waitForEvent((event) => event.kind === 'resync');

    let writer = await MongoClient.connect(emulator.uri);
    await writer.db(DB_NAME).collection('notifications').insertMany(titles('before', 5));
    await ada.waitForEvent(titled('before 4'));
    expect(await changeStreamHealth(node)).toMatchObject({ isWatching: true, lastError: null });

    // Killed mid-stream: a burst is still being delivered.
    await writer.db(DB_NAME).collection('notifications').insertMany(titles('burst', 20));
    await writer.close();
    const killedAt = Date.now();
    process.kill(emulator.pid, 'SIGKILL');
    await expect
      .poll(async () => (await changeStreamHealth(node)).isWatching, { timeout: STALL_MS + 5000 })
      .toBe(false);
    const noticedInMs = Date.now() - killedAt;
    const down = await changeStreamHealth(node);
    expect(down.lastError).toEqual(expect.any(String));
    expect(await health(node)).not.toBe('ok');

    emulator = await startEmulatorProcess(['--port', String(port), '--dbpath', dbpath]);
    writer = await MongoClient.connect(emulator.uri);
    cleanups.push(() => writer.close());
    const notifications = writer.db(DB_NAME).collection('notifications');
    await notifications.insertMany(titles('after', 5));
    await expect
      .poll(async () => (await changeStreamHealth(node)).isWatching, { timeout: 30_000, interval: 250 })
      .toBe(true);
    await ada.waitForEvent(titled('after 4'), 30_000);

    const verdict = await compare(ada, notifications, 'ada');
    expect({ lost: verdict.lost, duplicated: verdict.duplicated }).toEqual({ lost: 0, duplicated: 0 });
    expect(verdict.received).toEqual(verdict.stored);
    const recovered = await changeStreamHealth(node);
    expect(recovered).toMatchObject({ isWatching: true, lastError: null });
    expect(recovered.restarts).toBeGreaterThan(0);
    expect(await health(node)).toBe('ok');
    console.log(`database killed: health stopped claiming a live stream after ${noticedInMs} ms (${down.lastError})`);
  }, 90_000);

  it('a database gone silent longer than the watchdog: reported stalled within seconds, recovered by itself, nothing lost or doubled', async () => {
    const emulator = await startEmulatorProcess();
    cleanups.push(() => emulator.stop());
    const target = new URL(emulator.uri);
    const proxy: SilentProxy = await startSilentProxy({ host: target.hostname, port: Number(target.port) });
    cleanups.push(() => proxy.close());
    const node = await startTestNode(
      { uri: proxy.uriFor(emulator.uri), dbName: DB_NAME, stop: () => Promise.resolve() },
      { LIVEBELL_STREAM_STALL_MS: String(STALL_MS), DEBUG: 'false' },
    );
    cleanups.push(() => node.server.stop());
    const ada = liveClient(node.server.url, await signIn(node.server.url, 'ada'));
    cleanups.push(() => ada.close());
    await ada.waitForEvent((event) => event.kind === 'resync');
    // The writer reaches the database directly: it goes on writing while the server hears nothing.
    const writer = await MongoClient.connect(emulator.uri);
    cleanups.push(() => writer.close());
    const notifications = writer.db(DB_NAME).collection('notifications');
    await notifications.insertMany(titles('before', 5));
    await ada.waitForEvent(titled('before 4'));

    const silencedAt = Date.now();
    proxy.silence();
    await notifications.insertMany(titles('during', 5));
    await expect
      .poll(async () => (await changeStreamHealth(node)).isWatching, { timeout: STALL_MS + 5000 })
      .toBe(false);
    const noticedInMs = Date.now() - silencedAt;
    const stalled = await changeStreamHealth(node);
    expect(stalled.lastError).toMatch(/has not answered the change stream/);
    expect(await health(node)).not.toBe('ok');
    // Silent for three watchdog periods in all.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, silencedAt + 3 * STALL_MS - Date.now())));
    expect((await changeStreamHealth(node)).isWatching).toBe(false);

    proxy.speak();
    await notifications.insertMany(titles('after', 5));
    await ada.waitForEvent(titled('after 4'), 30_000);
    await expect
      .poll(async () => (await changeStreamHealth(node)).isWatching, { timeout: 30_000, interval: 250 })
      .toBe(true);

    const verdict = await compare(ada, notifications, 'ada');
    expect({ lost: verdict.lost, duplicated: verdict.duplicated }).toEqual({ lost: 0, duplicated: 0 });
    expect(verdict.received).toEqual(verdict.stored);
    expect(await changeStreamHealth(node)).toMatchObject({ isWatching: true, lastError: null });
    expect(await health(node)).toBe('ok');
    console.log(
      `database silent: health stopped claiming a live stream after ${noticedInMs} ms (${stalled.lastError})`,
    );
  }, 90_000);
});
