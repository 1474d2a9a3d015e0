// Gap-free resume: a client that comes back with its last event id
// gets exactly what it missed, from the window, from a catch-up stream, or on
// another node; and is told to resync when that is impossible. Over both
// transports, a WebSocket and SSE.
import { startTestDatabase, type TestDatabase } from '@livebell/mongo-emulator/testing';
import type { NotificationEvent } from '@livebell/shared';
import { afterEach, describe, expect, it } from 'vitest';
import {
  connectTestDb,
  liveClient,
  signIn,
  startEmulatorDatabase,
  startTestNode,
  titled,
  type LiveClient,
  type TestDb,
  type TestNode,
  type Transport,
} from '../support/test-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Cluster {
  db: TestDb;
  nodes: TestNode[];
}

async function cluster(nodeCount: number, env: Record<string, string> = {}, database?: TestDatabase): Promise<Cluster> {
  const shared = database ?? (await startTestDatabase());
  cleanups.push(() => shared.stop());
  const db = await connectTestDb(shared);
  cleanups.push(() => db.close());
  const nodes: TestNode[] = [];
  for (let n = 0; n < nodeCount; n += 1) {
    const node = await startTestNode(shared, { NODE_ID: `node-${n}`, ...env });
    cleanups.push(() => node.server.stop());
    nodes.push(node);
  }
  return { db, nodes };
}

/** A cluster of one node. */
async function oneNode(
  env: Record<string, string> = {},
  database?: TestDatabase,
): Promise<{ db: TestDb; node: TestNode }> {
  const { db, nodes } = await cluster(1, env, database);
  const [node] = nodes;
  if (!node) throw new Error('no node');
  return { db, node };
}

async function connect(
  node: TestNode,
  userId: string,
  transport: Transport,
  lastEventId?: string,
): Promise<LiveClient> {
  const client = liveClient(node.server.url, await signIn(node.server.url, userId), {
    transport,
    ...(lastEventId ? { lastEventId } : {}),
  });
  cleanups.push(() => client.close());
  return client;
}

function createdTitles(client: LiveClient): string[] {
  return client.events.flatMap(({ event }) => (event.kind === 'created' ? [event.notification.title] : []));
}

const isResync = (event: NotificationEvent) => event.kind === 'resync';

/** Subscribes, receives `seen`, disconnects; then `missed` are inserted. Returns the last id the client had. */
async function missWhileAway(
  node: TestNode,
  db: TestDb,
  transport: Transport,
  seen: string[],
  missed: string[],
): Promise<string> {
  const client = await connect(node, 'ada', transport);
  await client.waitForEvent(isResync);
  await db.notifications.insertMany(seen.map((title) => ({ userId: 'ada', type: 'info', title })));
  const last = seen.at(-1);
  const lastEventId = last ? (await client.waitForEvent(titled(last))).id : (client.events.at(-1)?.id ?? '');
  await client.close();
  for (const title of missed) await db.notifications.insertOne({ userId: 'ada', type: 'info', title });
  // Someone else's traffic in between, which ada must not see.
  await db.notifications.insertOne({ userId: 'bob', type: 'info', title: 'for bob' });
  return lastEventId;
}

describe.each<Transport>(['websocket', 'sse'])('resume with lastEventId over %s', (transport) => {
  it('replays what was missed from the window, exactly once, then goes live', async () => {
    const { db, node } = await oneNode();
    const lastEventId = await missWhileAway(node, db, transport, ['seen'], ['missed 1', 'missed 2']);

    const back = await connect(node, 'ada', transport, lastEventId);
    await back.waitForEvent(titled('missed 2'));
    await db.notifications.insertOne({ userId: 'ada', type: 'info', title: 'live' });
    await back.waitForEvent(titled('live'));

    expect(createdTitles(back)).toEqual(['missed 1', 'missed 2', 'live']);
    expect(back.events.some(({ event }) => isResync(event))).toBe(false);
    expect(back.events.find(({ event }) => titled('missed 2')(event))?.event).toMatchObject({ unreadCount: 3 });
    expect(node.logs.lines.find((line) => line.msg === 'Replaying missed changes from the window')).toMatchObject({
      changes: 2,
    });
  });

  it('replays from a catch-up stream when the window no longer reaches back', async () => {
    const { db, node } = await oneNode({ LIVEBELL_REPLAY_WINDOW: '2' });
    const lastEventId = await missWhileAway(node, db, transport, ['seen'], ['missed 1', 'missed 2', 'missed 3']);

    const back = await connect(node, 'ada', transport, lastEventId);
    await back.waitForEvent(titled('missed 3'));
    await db.notifications.insertOne({ userId: 'ada', type: 'info', title: 'live' });
    await back.waitForEvent(titled('live'));

    expect(createdTitles(back)).toEqual(['missed 1', 'missed 2', 'missed 3', 'live']);
    expect(node.logs.messages()).toContain('Replaying missed changes from a catch-up stream');
  });

  it('resumes gap-free on a different node, since resume tokens belong to the replica set', async () => {
    const { db, nodes } = await cluster(2, { LIVEBELL_REPLAY_WINDOW: '1' });
    const [first, second] = nodes;
    if (!first || !second) throw new Error('no nodes');
    const lastEventId = await missWhileAway(first, db, transport, ['seen on node 0'], ['missed 1', 'missed 2']);

    const back = await connect(second, 'ada', transport, lastEventId);
    await back.waitForEvent(titled('missed 2'));
    await db.notifications.insertOne({ userId: 'ada', type: 'info', title: 'live on node 1' });
    await back.waitForEvent(titled('live on node 1'));
    expect(createdTitles(back)).toEqual(['missed 1', 'missed 2', 'live on node 1']);
  });

  it('read state and deletes made while away are replayed too', async () => {
    const { db, node } = await oneNode();
    const client = await connect(node, 'ada', transport);
    await client.waitForEvent(isResync);
    const { insertedIds } = await db.notifications.insertMany([
      { userId: 'ada', type: 'info', title: 'to read' },
      { userId: 'ada', type: 'info', title: 'to delete' },
    ]);
    const { id: lastEventId } = await client.waitForEvent(titled('to delete'));
    await client.close();
    await db.notifications.updateOne({ _id: insertedIds[0] }, { $set: { readAt: new Date() } });
    await db.notifications.deleteOne({ _id: insertedIds[1] });

    const back = await connect(node, 'ada', transport, lastEventId);
    const deleted = await back.waitForEvent((event) => event.kind === 'deleted');
    const replayed = back.events.map(({ event }) =>
      event.kind === 'updated'
        ? ['updated', event.notification.title, event.notification.readAt !== null]
        : event.kind === 'deleted'
          ? ['deleted', event.id, event.unreadCount]
          : [event.kind],
    );
    expect(replayed).toEqual([
      ['updated', 'to read', true],
      ['deleted', insertedIds[1]?.toHexString(), 0],
    ]);
    expect(deleted.event).toMatchObject({ unreadCount: 0 });
  });

  it('a notification given to another user while away is replayed as a delete, from the window and from a catch-up stream', async () => {
    for (const window of ['100', '1']) {
      const { db, node } = await oneNode({ LIVEBELL_REPLAY_WINDOW: window });
      const client = await connect(node, 'ada', transport);
      await client.waitForEvent(isResync);
      const { insertedId } = await db.notifications.insertOne({ userId: 'ada', type: 'info', title: 'handed over' });
      const { id: lastEventId } = await client.waitForEvent(titled('handed over'));
      await client.close();
      await db.notifications.updateOne({ _id: insertedId }, { $set: { userId: 'bob' } });
      await db.notifications.insertOne({ userId: 'ada', type: 'info', title: 'after' });

      const back = await connect(node, 'ada', transport, lastEventId);
      await back.waitForEvent(titled('after'));
      // Only her own: the delete, never bob's copy of the notification. A
      // replay carries the count as it is now.
      expect(back.events.map(({ event }) => event)).toMatchObject([
        { kind: 'deleted', id: insertedId.toHexString(), unreadCount: 1 },
        { kind: 'created', notification: { title: 'after' }, unreadCount: 1 },
      ]);
      expect(back.events).toHaveLength(2);
    }
  });

  it('a client whose last event id fell off the oplog is told to resync', async () => {
    const database = await startEmulatorDatabase({ oplogSize: 20 });
    const { db, node } = await oneNode({ LIVEBELL_REPLAY_WINDOW: '1' }, database);
    const lastEventId = await missWhileAway(
      node,
      db,
      transport,
      ['seen'],
      Array.from({ length: 30 }, (_, n) => `missed ${n}`),
    );

    const back = await connect(node, 'ada', transport, lastEventId);
    const resync = await back.waitForEvent(isResync);
    expect(back.events[0]).toBe(resync);
    await db.notifications.insertOne({ userId: 'ada', type: 'info', title: 'live' });
    await back.waitForEvent(titled('live'));
    expect(createdTitles(back)).toEqual(['live']);
    expect(node.logs.messages()).toContain('Cannot replay from the client position; asking it to resync');
  });

  it('a node restarted after its saved token fell off the oplog starts from now and tells clients to resync', async () => {
    const database = await startEmulatorDatabase({ oplogSize: 20 });
    const { db, node } = await oneNode({ NODE_ID: 'node-old' }, database);
    const lastEventId = await missWhileAway(node, db, transport, ['seen'], []);
    await node.server.stop();
    await db.notifications.insertMany(
      Array.from({ length: 30 }, (_, n) => ({ userId: 'ada', type: 'info', title: `gone ${n}` })),
    );

    const restarted = await startTestNode(database, { NODE_ID: 'node-old' });
    cleanups.push(() => restarted.server.stop());
    const warning = await restarted.logs.waitFor(
      'Resume token is too old (ChangeStreamHistoryLost); starting from now and asking every client to resync',
    );
    expect(warning.level).toBe(40);
    const back = await connect(restarted, 'ada', transport, lastEventId);
    await back.waitForEvent(isResync);
    expect(createdTitles(back)).toEqual([]);
  });
});
