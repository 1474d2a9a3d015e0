// The built entry points as an operator runs them: `node dist/main.js`
// configured by environment alone, and `pnpm notify` (dist/bin/notify.js).
import { startTestDatabase, type TestDatabase } from '@livebell/mongo-emulator/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '@livebell/test-support';
import { connectTestDb, liveClient, signIn, titled, type TestDb } from '../support/test-server.js';
import { hasMessage, logLine, runDist } from '../support/node-process.js';

let database: TestDatabase;
let db: TestDb;
beforeEach(async () => {
  database = await startTestDatabase();
  db = await connectTestDb(database);
});
afterEach(async () => {
  await db.close();
  await database.stop();
});

describe('node dist/main.js', () => {
  it.each([
    [{ PORT: 'http' }, 'PORT'],
    [{ LIVEBELL_MAX_BATCH: 'lots' }, 'LIVEBELL_MAX_BATCH'],
    [{ NODE_ENV: 'production' }, 'MONGODB_URI: required when NODE_ENV=production'],
    [{ NODE_ENV: 'production', MONGODB_URI: 'mongodb://127.0.0.1:1' }, 'JWT_SECRET: required when NODE_ENV=production'],
  ])('exits 1 on a bad environment %o, naming the variable', async (env, expected) => {
    const server = runDist('main.js', [], env);
    expect(await server.exited).toEqual({ code: 1, signal: null });
    expect(server.stderr.join('\n')).toContain(expected);
  });

  it('serves, and on SIGTERM stops gracefully, saving its resume token', async () => {
    const port = await freePort();
    const server = runDist('main.js', [], {
      MONGODB_URI: database.uri,
      MONGODB_DB: database.dbName,
      PORT: String(port),
      ENABLE_CHANGE_STREAMS: 'true',
      NODE_ID: 'proc-1',
    });
    try {
      await server.waitForLine(hasMessage('livebell server listening'));
      const url = `http://127.0.0.1:${port}`;
      const client = liveClient(url, await signIn(url, 'ada'));
      await client.waitForEvent((event) => event.kind === 'resync');
      await db.notifications.insertOne({ userId: 'ada', type: 'info', title: 'via a process' });
      const { id } = await client.waitForEvent(titled('via a process'));
      await client.close();

      server.child.kill('SIGTERM');
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(server.stdout.map((line) => logLine(line)?.msg)).toContain('Change stream stopped; resume token saved');
      const saved = await db.tokens.findOne({ _id: 'proc-1' });
      expect(String(saved?.token._data) >= id).toBe(true);
    } finally {
      server.child.kill('SIGKILL');
    }
  });
});

describe('pnpm notify (dist/bin/notify.js)', () => {
  it('inserts one document straight into MongoDB and prints its id', async () => {
    const notify = runDist('bin/notify.js', ['--user', 'ada', '--title', 'Deploy finished', '--link', '/deploys/7'], {
      MONGODB_URI: database.uri,
      MONGODB_DB: database.dbName,
    });
    expect(await notify.exited).toEqual({ code: 0, signal: null });
    const [id] = notify.stdout;
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    const doc = await db.notifications.findOne({});
    expect(doc?._id.toHexString()).toBe(id);
    expect(doc).toMatchObject({
      userId: 'ada',
      type: 'info',
      title: 'Deploy finished',
      link: '/deploys/7',
      readAt: null,
    });
    expect(doc?.createdAt).toBeInstanceOf(Date);
  });

  it.each([
    [['--title', 'no user'], '--user is required'],
    [['--user', 'ada'], '--title is required'],
    [['--user', 'ada', '--title', 'x', '--link', 'javascript:alert(1)'], 'link'],
    [['--user', 'ada', '--title', 'x', '--colour', 'red'], "Unknown option '--colour'"],
  ])('refuses %o with a usage error (exit 2) and inserts nothing', async (args, expected) => {
    const notify = runDist('bin/notify.js', args, { MONGODB_URI: database.uri, MONGODB_DB: database.dbName });
    expect(await notify.exited).toEqual({ code: 2, signal: null });
    const stderr = notify.stderr.join('\n');
    expect(stderr).toContain(expected);
    expect(stderr).toContain('Usage: pnpm notify');
    expect(await db.notifications.countDocuments()).toBe(0);
  });
});
