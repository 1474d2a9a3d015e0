import { healthEnvelopeSchema, healthStatusSchema, liveProbeSchema, readyProbeSchema } from '@livebell/shared';
import { describe, expect, it } from 'vitest';
import { HealthCheck } from '../../src/health/health-check.js';
import { connectTestDb, startEmulatorDatabase } from '../support/test-server.js';
import { getJson, testResources } from '../support/test-resources.js';

const { defer, database, node } = testResources();

describe('liveness and readiness probes', () => {
  it('a node on a replica set with its stream watching is live and ready', async () => {
    const started = await node(await database(), { NODE_ID: 'probe-a' });

    const live = await getJson(`${started.server.url}/api/health/live`);
    expect(live.status).toBe(200);
    expect(liveProbeSchema.parse(live.body)).toEqual({ status: 'live', nodeId: 'probe-a' });
    const ready = await getJson(`${started.server.url}/api/health/ready`);
    expect(ready.status).toBe(200);
    expect(readyProbeSchema.parse(ready.body)).toEqual({ status: 'ready', nodeId: 'probe-a', reasons: [] });
  });

  it('with change streams enabled on a standalone server, the node is live but not ready (503), and /api/health keeps its shape', async () => {
    const started = await node(await database(() => startEmulatorDatabase({ standalone: true })));
    await started.logs.waitFor('MongoDB is not running as a replica set');

    expect((await getJson(`${started.server.url}/api/health/live`)).status).toBe(200);
    const ready = await getJson(`${started.server.url}/api/health/ready`);
    expect(ready.status).toBe(503);
    expect(readyProbeSchema.parse(ready.body)).toMatchObject({
      status: 'not ready',
      reasons: ['the change stream is not watching'],
    });
    const health = await getJson(`${started.server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(healthEnvelopeSchema(healthStatusSchema).strict().parse(health.body).data.status).toBe('degraded');
  });

  it('with change streams off, a reachable database is enough to be ready', async () => {
    const started = await node(await database(() => startEmulatorDatabase({ standalone: true })), {
      ENABLE_CHANGE_STREAMS: 'false',
    });

    const ready = await getJson(`${started.server.url}/api/health/ready`);
    expect(ready.status).toBe(200);
  });

  it('a node whose database is gone is live but not ready (503)', async () => {
    const db = await startEmulatorDatabase();
    const started = await node(db);
    await db.stop();

    expect((await getJson(`${started.server.url}/api/health/live`)).status).toBe(200);
    const ready = await getJson(`${started.server.url}/api/health/ready`);
    expect(ready.status).toBe(503);
    expect(readyProbeSchema.parse(ready.body).reasons).toContain('MongoDB is unreachable');
  });

  it('a stopping node reports not ready, without asking the database', async () => {
    const db = await database();
    const testDb = await connectTestDb(db);
    defer(() => testDb.close());
    const watching = { enabled: true, isWatching: true, lastEventAt: null, restarts: 0, lastError: null };
    const health = new HealthCheck(testDb.client.db(db.dbName), 'probe-b', () => watching);
    expect(await health.ready()).toEqual({ status: 'ready', nodeId: 'probe-b', reasons: [] });

    health.markStopping();

    expect(await health.ready()).toEqual({ status: 'not ready', nodeId: 'probe-b', reasons: ['stopping'] });
  });
});
