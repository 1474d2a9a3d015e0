import { MongoClient } from 'mongodb';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import { spawnEmulator } from './support/emulator-process.js';

let dbpath: string;
beforeEach(async () => {
  dbpath = await mkdtemp(join(tmpdir(), 'emulator-cli-'));
});
afterEach(() => rm(dbpath, { recursive: true, force: true }));

describe('pnpm emulator', () => {
  it('prints the URI as its first stdout line, serves the driver from another process, and stops cleanly on SIGTERM', async () => {
    const emulator = await spawnEmulator(['--port', '0', '--dbpath', dbpath]);
    expect(emulator.firstLine).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/\?replicaSet=rs0$/);
    const client = new MongoClient(emulator.firstLine);
    try {
      const coll = client.db('app').collection('items');
      const stream = coll.watch([], { maxAwaitTimeMS: 50 });
      await stream.tryNext();
      await coll.insertOne({ from: 'another process' });
      await expect(stream.next()).resolves.toMatchObject({
        operationType: 'insert',
        fullDocument: { from: 'another process' },
      });
      await stream.close();
    } finally {
      await client.close();
    }
    emulator.child.kill('SIGTERM');
    await expect(emulator.exited).resolves.toEqual({ code: 0, signal: null });
    expect(emulator.stderr()).toContain('stopping');

    const restarted = await startEmulator({ dbpath });
    const again = new MongoClient(restarted.uri);
    try {
      expect(await again.db('app').collection('items').countDocuments()).toBe(1);
    } finally {
      await again.close();
      await restarted.stop();
    }
  });

  it('keeps acknowledged writes when killed outright, and drops a write cut short', async () => {
    const emulator = await spawnEmulator(['--port', '0', '--dbpath', dbpath]);
    const client = new MongoClient(emulator.firstLine);
    await client
      .db('app')
      .collection('crash')
      .insertMany([{ n: 1 }, { n: 2 }]);
    await client.close();
    emulator.child.kill('SIGKILL');
    await emulator.exited;
    await appendFile(join(dbpath, 'journal.bson'), Buffer.from([0x40, 0, 0, 0, 1, 2]));

    const restarted = await startEmulator({ dbpath });
    const again = new MongoClient(restarted.uri);
    try {
      const crash = again.db('app').collection('crash');
      expect(await crash.countDocuments()).toBe(2);
      await crash.insertOne({ n: 3 });
      expect(await crash.countDocuments()).toBe(3);
    } finally {
      await again.close();
      await restarted.stop();
    }
  });

  it('runs standalone with --standalone: a URI without replicaSet', async () => {
    const emulator = await spawnEmulator(['--port', '0', '--standalone']);
    expect(emulator.firstLine).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    emulator.child.kill('SIGINT');
    await expect(emulator.exited).resolves.toEqual({ code: 0, signal: null });
  });

  it('exits 2 with a clear message on a bad flag, printing nothing on stdout', async () => {
    const bad = await spawnEmulator(['--port', 'many']);
    await expect(bad.exited).resolves.toEqual({ code: 2, signal: null });
    expect(bad.firstLine).toBe('');
    expect(bad.stderr()).toContain("--port must be a whole number from 0 to 65535, got 'many'");
    const unknown = await spawnEmulator(['--bogus']);
    await expect(unknown.exited).resolves.toEqual({ code: 2, signal: null });
    expect(unknown.stderr()).toContain("Unknown option '--bogus'");
  });
});
