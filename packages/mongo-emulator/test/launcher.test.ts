import { MongoClient } from 'mongodb';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveDatabase, type LauncherLogger } from '../src/launcher.js';

function recordingLogger(): LauncherLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (_fields, message) => lines.push(message), warn: (_fields, message) => lines.push(message) };
}

/** A loopback port nothing listens on: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
}

let downloadDir: string;
const savedDownloadDir = process.env.MONGOMS_DOWNLOAD_DIR;
beforeEach(async () => {
  // An empty binary cache, so that nothing installed on this machine is found.
  downloadDir = await mkdtemp(join(tmpdir(), 'launcher-cache-'));
  process.env.MONGOMS_DOWNLOAD_DIR = downloadDir;
});
afterEach(async () => {
  if (savedDownloadDir === undefined) delete process.env.MONGOMS_DOWNLOAD_DIR;
  else process.env.MONGOMS_DOWNLOAD_DIR = savedDownloadDir;
  await rm(downloadDir, { recursive: true, force: true });
});

describe('resolveDatabase', () => {
  it('uses MONGODB_URI when it is set, and says so', async () => {
    const logger = recordingLogger();
    const resolved = await resolveDatabase({
      logger,
      env: { MONGODB_URI: 'mongodb://db.example:27017/?replicaSet=rs0' },
    });
    expect(resolved).toMatchObject({
      kind: 'external',
      uri: 'mongodb://db.example:27017/?replicaSet=rs0',
      reason: 'MONGODB_URI is set',
    });
    expect(logger.lines).toEqual(['database: external (MONGODB_URI is set)']);
    await resolved.stop();
  });

  it('falls back to the emulator when no mongod is installed or cached and the download host is unreachable', async () => {
    const logger = recordingLogger();
    const port = await closedPort();
    const resolved = await resolveDatabase({
      logger,
      env: { MONGOMS_DOWNLOAD_URL: `http://127.0.0.1:${port}/mongodb.tgz` },
    });
    try {
      expect(resolved.kind).toBe('emulator');
      expect(resolved.reason).toContain(`download host 127.0.0.1:${port} is unreachable`);
      expect(logger.lines).toHaveLength(1);
      expect(logger.lines[0]).toMatch(/^database: emulator \(no real mongod: /);
      const client = new MongoClient(resolved.uri);
      try {
        await expect(client.db('admin').command({ replSetGetStatus: 1 })).resolves.toMatchObject({ set: 'rs0' });
      } finally {
        await client.close();
      }
    } finally {
      await resolved.stop();
    }
  });

  it('never tries a download when downloads are off', async () => {
    const resolved = await resolveDatabase({ env: {}, allowDownload: false });
    try {
      expect(resolved).toMatchObject({
        kind: 'emulator',
        reason: 'no real mongod: no mongod binary installed or cached, and downloads are off',
      });
    } finally {
      await resolved.stop();
    }
  });
});
