// The change-stream service end to end: resume-token persistence
// across a restart, the feature flag, the replica-set check, restart on
// error, and the health endpoints that report all of it.
import { healthEnvelopeSchema, healthStatusSchema } from '@livebell/shared';
import { freePort } from '@livebell/test-support';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/index.js';
import { captureLogs } from '../support/log-capture.js';
import { getJson, testResources } from '../support/test-resources.js';
import WebSocket from 'ws';
import {
  connectTestDb,
  httpClient,
  liveClient,
  signIn,
  startEmulatorDatabase,
  startTestNode,
  testNodeConfig,
  titled,
} from '../support/test-server.js';

const { defer, database, node } = testResources();

describe('change-stream service', () => {
  it('a server stopped and started again resumes from its saved token, and a reconnecting client gets what it missed', async () => {
    const db = await database();
    const testDb = await connectTestDb(db);
    defer(() => testDb.close());
    const env = { NODE_ID: 'node-a', PORT: String(await freePort()) };
    const first = await startTestNode(db, env);
    const token = await signIn(first.server.url, 'ada');
    const client = liveClient(first.server.url, token);
    defer(() => client.close());
    await client.waitForEvent((event) => event.kind === 'resync');
    await testDb.notifications.insertOne({ userId: 'ada', type: 'info', title: 'before' });
    const before = await client.waitForEvent(titled('before'));

    await first.server.stop();
    const saved = await testDb.tokens.findOne({ _id: 'node-a' });
    expect(typeof saved?.token._data).toBe('string');
    expect(saved?.lastProcessedAt).toBeInstanceOf(Date);
    expect(saved?.updatedAt).toBeInstanceOf(Date);
    const savedPosition = String(saved?.token._data);
    expect(savedPosition >= before.id).toBe(true);
    expect(first.logs.messages()).toContain('Change stream stopped; resume token saved');

    await testDb.notifications.insertMany(
      [1, 2, 3].map((n) => ({ userId: 'ada', type: 'info', title: `while down ${n}` })),
    );
    const second = await node(db, env);

    const resumed = await second.logs.waitFor('Resuming change stream from saved resume token');
    expect(resumed.token).toBe(savedPosition);
    // The client reconnects by itself (same port) and resubscribes from its last event id.
    for (const n of [1, 2, 3]) await client.waitForEvent(titled(`while down ${n}`));
    const processed = second.logs.lines.filter((line) => line.msg === 'Processed notification change');
    expect(processed.length).toBeGreaterThanOrEqual(3);
    expect(processed.every((line) => String(line.position) > savedPosition)).toBe(true);
    const titles = client.events.flatMap(({ event }) => (event.kind === 'created' ? [event.notification.title] : []));
    expect(titles).toEqual(['before', 'while down 1', 'while down 2', 'while down 3']);

    await second.server.stop();
    const after = await testDb.tokens.findOne({ _id: 'node-a' });
    const lastReceived = client.events.at(-1)?.id ?? '';
    expect(String(after?.token._data) >= lastReceived).toBe(true);
    expect((after?.updatedAt as Date).getTime()).toBeGreaterThan((saved?.updatedAt as Date).getTime());
  });

  it('with ENABLE_CHANGE_STREAMS false nothing is watched and health says so', async () => {
    const db = await database();
    const disabled = await node(db, { ENABLE_CHANGE_STREAMS: 'false', NODE_ID: 'quiet' });

    expect(disabled.logs.messages()).toContain(
      'Change Streams are disabled (ENABLE_CHANGE_STREAMS is not true); not watching',
    );
    expect(await getJson(`${disabled.server.url}/api/health/change-streams`)).toEqual({
      status: 200,
      body: {
        status: 'success',
        message: 'Change Streams status retrieved',
        data: { enabled: false, isWatching: false, lastEventAt: null, restarts: 0, lastError: null },
      },
    });
    const health = await httpClient(disabled.server.url).health.status.query();
    expect(health).toMatchObject({
      status: 'ok',
      nodeId: 'quiet',
      changeStreams: { enabled: false, isWatching: false },
    });

    await disabled.server.stop();
    const client = await MongoClient.connect(db.uri);
    defer(() => client.close());
    expect(await client.db(db.dbName).collection('changeStreamResumeTokens').countDocuments()).toBe(0);
  });

  it('against a standalone server it does not watch, logs that MongoDB is not a replica set, and health reports it', async () => {
    const db = await database(() => startEmulatorDatabase({ standalone: true }));
    const standalone = await node(db);

    const line = await standalone.logs.waitFor('MongoDB is not running as a replica set');
    expect(line.level).toBe(50);
    const { status, body } = await getJson(`${standalone.server.url}/api/health`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'success',
      data: {
        status: 'degraded',
        mongo: { connected: true, replicaSet: null },
        changeStreams: { enabled: true, isWatching: false, lastError: 'MongoDB is not running as a replica set' },
      },
    });
  });

  it('restarts a failed stream with backoff and loses nothing', async () => {
    const db = await database(() => startEmulatorDatabase());
    const flaky = await node(db, { NODE_ID: 'flaky' });
    const testDb = await connectTestDb(db);
    defer(() => testDb.close());
    const client = liveClient(flaky.server.url, await signIn(flaky.server.url, 'ada'));
    defer(() => client.close());
    await client.waitForEvent((event) => event.kind === 'resync');

    // The node's next getMore fails with a non-resumable error, as a real server can.
    await testDb.client.db('admin').command({
      configureFailPoint: 'failCommand',
      mode: { times: 1 },
      data: { failCommands: ['getMore'], errorCode: 8, appName: 'livebell flaky' },
    });
    await testDb.notifications.insertOne({ userId: 'ada', type: 'info', title: 'during the failure' });
    await flaky.logs.waitFor('Restarting change stream');
    await testDb.notifications.insertOne({ userId: 'ada', type: 'info', title: 'after the restart' });

    await client.waitForEvent(titled('after the restart'));
    const titles = client.events.flatMap(({ event }) => (event.kind === 'created' ? [event.notification.title] : []));
    expect(titles).toEqual(['during the failure', 'after the restart']);
    const health = await httpClient(flaky.server.url).health.status.query();
    expect(health.changeStreams).toMatchObject({ isWatching: true, restarts: 1, lastError: null });
    const failed = flaky.logs.lines.find((line) => line.msg === 'Change stream failed; restarting it after a delay');
    expect(failed?.restarts).toBe(1);
    expect(typeof failed?.delayMs).toBe('number');
  });
});

describe('HTTP endpoints', () => {
  it('GET /api/health answers the health envelope with health.status', async () => {
    const db = await database();
    const live = await node(db, { NODE_ID: 'healthy' });
    const { status, body } = await getJson(`${live.server.url}/api/health`);
    expect(status).toBe(200);
    const envelope = healthEnvelopeSchema(healthStatusSchema).strict().parse(body);
    expect(envelope).toMatchObject({
      status: 'success',
      message: 'Service is ok',
      data: {
        status: 'ok',
        nodeId: 'healthy',
        mongo: { connected: true },
        changeStreams: { enabled: true, isWatching: true, lastEventAt: null, restarts: 0, lastError: null },
      },
    });
    expect(envelope.data.mongo.replicaSet).not.toBeNull();
  });

  it('answers 503 when MongoDB is unreachable', async () => {
    const db = await startEmulatorDatabase();
    const orphan = await node(db);
    await db.stop();
    const { status, body } = await getJson(`${orphan.server.url}/api/health`);
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: 'success',
      message: 'MongoDB is unreachable',
      data: { status: 'down', mongo: { connected: false } },
    });
    await orphan.server.stop();
    expect(orphan.logs.messages()).toContain(
      'Change stream stopped; the latest resume token could not be saved, the next start resumes from an older one',
    );
  });

  it('a port in use fails start-up with EADDRINUSE, after stopping its change stream', async () => {
    const db = await database();
    const first = await node(db, { NODE_ID: 'first' });
    const logs = captureLogs();
    const config = testNodeConfig(db, { NODE_ID: 'second', PORT: String(first.server.port) });
    await expect(startServer(config, { logger: logs.logger })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(logs.messages()).toContain('Change stream stopped; resume token saved');
    expect((await httpClient(first.server.url).health.status.query()).nodeId).toBe('first');
  });

  it('answers JSON 404 for anything else, over HTTP and WebSocket upgrade', async () => {
    const db = await database();
    const live = await node(db);
    expect(await getJson(`${live.server.url}/nope`)).toEqual({
      status: 404,
      body: { status: 'error', message: 'Not found: GET /nope' },
    });
    const upgrade = await new Promise<number | undefined>((resolve, reject) => {
      const socket = new WebSocket(`${live.server.url.replace(/^http/, 'ws')}/elsewhere`);
      socket.on('unexpected-response', (request, response) => {
        resolve(response.statusCode);
        request.destroy();
      });
      socket.on('open', () => reject(new Error('the upgrade was accepted')));
      socket.on('error', reject);
    });
    expect(upgrade).toBe(404);
  });
});
