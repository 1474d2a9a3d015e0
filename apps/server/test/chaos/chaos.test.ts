// The chaos test: three real server nodes on one database, 200
// clients that lose their connection and come back on a random node at
// random moments, 5,000 inserts, 1,000 read/unread flips and 200 deletes
// straight in the database (a few of the inserts invalid, which lists skip),
// and one node SIGKILLed and restarted mid-run. At the end every client's
// items, read flags and badge must equal the database (the badge: its count
// of unread notifications the list can show): nothing lost, nothing twice,
// nothing stale.
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Notification } from '@livebell/shared';
import { countsAsUnread, notificationDocumentSchema } from '@livebell/shared/document';
import { MongoClient, ObjectId, type Collection, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasMessage } from '../support/node-process.js';
import { httpClient } from '../support/test-server.js';
import { ChaosClient } from './chaos-client.js';
import type { TestDatabase } from '@livebell/mongo-emulator/testing';
import { ChaosNode, startDatabaseProcess } from './chaos-cluster.js';

const NODES = 3;
const USERS = 100;
const CLIENTS_PER_USER = 2;
const INSERTS = 5000;
const FLIPS = 1000;
const DELETES = 200;
/** About this share of inserts lack a title: lists skip them, so badges must not count them. */
const INVALID_SHARE = 0.02;
/** Operations per writer tick, and the pause between ticks: about 30 s of writes. */
const OPS_PER_TICK = 8;
const TICK_MS = 40;
/** Each client loses its connection about this often, for up to DOWN_MAX_MS. */
const MEAN_CONNECTED_MS = 6000;
const DOWN_MAX_MS = 4000;
const SETTLE_TIMEOUT_MS = 60_000;

// Timing decides each run as much as any random choice, so no seed could replay
// one; the verdict must hold for every interleaving.
const rand = Math.random;
const pick = <T>(items: readonly T[]): T => {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) throw new Error('empty');
  return item;
};

type Operation = 'insert' | 'flip' | 'delete';

let database: TestDatabase;
let mongo: MongoClient;
let notifications: Collection<Document>;
const nodes: ChaosNode[] = [];
const clients: ChaosClient[] = [];

beforeAll(async () => {
  database = await startDatabaseProcess();
  mongo = await MongoClient.connect(database.uri);
  notifications = mongo.db(database.dbName).collection('notifications');
  const env = {
    MONGODB_URI: database.uri,
    MONGODB_DB: database.dbName,
    ENABLE_CHANGE_STREAMS: 'true',
    // Small enough that long disconnects also take the catch-up-stream path.
    LIVEBELL_REPLAY_WINDOW: '1500',
  };
  for (let n = 0; n < NODES; n += 1) nodes.push(await ChaosNode.create(`chaos-${n}`, env));
  await Promise.all(nodes.map((node) => node.start()));
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all(nodes.map((node) => node.stop()));
  await mongo.close();
  await database.stop();
}, 60_000);

/** The writer: an outside backend writing straight into MongoDB. Mirrors read state to pick flips and deletes. */
async function writeWorkload(onProgress: (done: number, total: number) => Promise<void>): Promise<void> {
  const live: ObjectId[] = [];
  const read = new Map<string, boolean>();
  const ordered = plan();
  const run = async (op: Operation): Promise<void> => {
    if (op === 'insert' || live.length === 0) {
      const _id = new ObjectId();
      live.push(_id);
      read.set(_id.toHexString(), false);
      const doc: Document = { _id, userId: `user-${Math.floor(rand() * USERS)}`, type: 'info' };
      if (rand() >= INVALID_SHARE) doc.title = `n ${_id.toHexString()}`;
      await notifications.insertOne(doc);
    } else if (op === 'flip') {
      // Two flips of one document in one tick may land in either order: the database stays the truth.
      const _id = pick(live);
      const wasRead = read.get(_id.toHexString()) ?? false;
      read.set(_id.toHexString(), !wasRead);
      await notifications.updateOne({ _id }, { $set: { readAt: wasRead ? null : new Date() } });
    } else {
      const [_id] = live.splice(Math.floor(rand() * live.length), 1);
      if (_id) await notifications.deleteOne({ _id });
    }
  };
  for (let done = 0; done < ordered.length; done += OPS_PER_TICK) {
    // The operations of one tick run concurrently, as writes from several backends would.
    await Promise.all(ordered.slice(done, done + OPS_PER_TICK).map(run));
    await onProgress(Math.min(done + OPS_PER_TICK, ordered.length), ordered.length);
    await sleep(TICK_MS);
  }
}

/** 300 inserts first (so that flips and deletes have targets), then everything else shuffled. */
function plan(): Operation[] {
  const rest: Operation[] = [
    ...Array<Operation>(INSERTS - 300).fill('insert'),
    ...Array<Operation>(FLIPS).fill('flip'),
    ...Array<Operation>(DELETES).fill('delete'),
  ];
  for (let i = rest.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    const a = rest[i] ?? 'insert';
    rest[i] = rest[j] ?? 'insert';
    rest[j] = a;
  }
  return [...Array<Operation>(300).fill('insert'), ...rest];
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

interface Verdict {
  lost: number;
  duplicated: number;
  stale: number;
  /** Clients whose badge is not the database's count of listable unread notifications. */
  wrongBadges: number;
}

function compare(client: ChaosClient, expected: { id: string; read: boolean }[], unread: number): Verdict {
  const have = new Map<string, Notification>();
  let duplicated = client.duplicated;
  for (const item of client.items) {
    if (have.has(item.id)) duplicated += 1;
    have.set(item.id, item);
  }
  let lost = 0;
  let stale = 0;
  const wanted = new Set<string>();
  for (const item of expected) {
    wanted.add(item.id);
    const mine = have.get(item.id);
    if (!mine) lost += 1;
    else if ((mine.readAt !== null) !== item.read) stale += 1;
  }
  for (const id of have.keys()) if (!wanted.has(id)) stale += 1;
  return { lost, duplicated, stale, wrongBadges: client.unreadCount === unread ? 0 : 1 };
}

describe('chaos', () => {
  it('every client ends with exactly the database state: 0 lost, 0 duplicated, 0 stale, every badge right', async () => {
    const started = Date.now();
    const admin = httpClient(pick(nodes).url);
    const pickNode = () => pick(nodes).url;
    for (let user = 0; user < USERS; user += 1) {
      const userId = `user-${user}`;
      const { token } = await admin.auth.devSignIn.mutate({ userId });
      for (let tab = 0; tab < CLIENTS_PER_USER; tab += 1) clients.push(new ChaosClient({ userId, token, pickNode }));
    }
    for (const client of clients) client.start();
    await Promise.all(clients.map((client) => client.waitUntil(() => client.resyncs > 0 && client.settled, 30_000)));
    const setupDone = Date.now();

    // Random disconnects, each client on its own clock, until the writes are done.
    const chaos = new AbortController();
    // Every client's timer listens on this one signal: not a leak.
    setMaxListeners(clients.length, chaos.signal);
    const disconnecting = clients.map(async (client) => {
      while (!chaos.signal.aborted) {
        const connected = await sleep(-Math.log(1 - rand()) * MEAN_CONNECTED_MS, true, { signal: chaos.signal }).catch(
          () => false,
        );
        if (connected) client.disconnect(Math.floor(rand() * DOWN_MAX_MS));
      }
    });

    let killed = false;
    let restarting = Promise.resolve();
    const victim = nodes[1];
    if (!victim) throw new Error('no node to kill');
    await writeWorkload(async (done, total) => {
      if (!killed && done >= total * 0.4) {
        killed = true;
        await victim.kill();
        restarting = sleep(3000).then(() => victim.start());
      }
    });
    await restarting;
    chaos.abort();
    await Promise.all(disconnecting);
    const writesDone = Date.now();

    // The end marker: the last change for every user; once a client holds it, nothing is in flight.
    const markers = Array.from({ length: USERS }, (_, user) => ({
      userId: `user-${user}`,
      type: 'marker',
      title: 'final marker',
    }));
    await notifications.insertMany(markers);
    const settledInTime = await Promise.all(
      clients.map((client) =>
        client.waitUntil(
          () => client.settled && client.items.some((item) => item.title === 'final marker'),
          SETTLE_TIMEOUT_MS,
        ),
      ),
    );

    const totals: Verdict = { lost: 0, duplicated: 0, stale: 0, wrongBadges: 0 };
    let invalid = 0;
    for (let user = 0; user < USERS; user += 1) {
      const userId = `user-${user}`;
      const docs = await notifications.find({ userId }).sort({ _id: -1 }).toArray();
      // What the list can show, and the badge: those of them unread.
      const listable = docs.filter((doc) => notificationDocumentSchema.safeParse(doc).success);
      invalid += docs.length - listable.length;
      const expected = listable.map((doc) => ({ id: String(doc._id), read: doc.readAt instanceof Date }));
      const unread = docs.filter((doc) => countsAsUnread(doc)).length;
      for (const client of clients.filter((c) => c.userId === userId)) {
        const verdict = compare(client, expected, unread);
        totals.lost += verdict.lost;
        totals.duplicated += verdict.duplicated;
        totals.stale += verdict.stale;
        totals.wrongBadges += verdict.wrongBadges;
      }
    }
    const sum = (field: 'resyncs' | 'disconnects' | 'eventsReceived') => clients.reduce((n, c) => n + c[field], 0);
    const failures = clients.flatMap((client) => client.failures);
    console.log(
      `chaos: lost ${totals.lost}, duplicated ${totals.duplicated}, stale ${totals.stale}, ` +
        `wrong badges ${totals.wrongBadges}; ${invalid} invalid documents in the database, ` +
        `${clients.length} clients, ${sum('disconnects')} disconnects, ${sum('resyncs')} resyncs, ` +
        `${sum('eventsReceived')} events received, ${settledInTime.filter((ok) => !ok).length} clients never settled, ` +
        `${failures.length} subscription errors; set-up ${seconds(setupDone - started)}, ` +
        `writes ${seconds(writesDone - setupDone)}, settling ${seconds(Date.now() - writesDone)}`,
    );
    // The killed node came back where it stopped, not from "now".
    expect(victim.process?.stdout.some(hasMessage('Resuming change stream from saved resume token'))).toBe(true);
    expect(failures).toEqual([]);
    expect(settledInTime.every(Boolean)).toBe(true);
    expect(invalid).toBeGreaterThan(0);
    expect(totals).toEqual({ lost: 0, duplicated: 0, stale: 0, wrongBadges: 0 });
  }, 170_000);
});
