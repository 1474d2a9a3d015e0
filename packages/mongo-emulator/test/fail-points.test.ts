import { MongoClient, type ChangeStreamInsertDocument, type Document } from 'mongodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/emulator-client.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(() => harness.close());

function failCommand(mode: unknown, data: Document): Promise<Document> {
  return harness.client.db('admin').command({ configureFailPoint: 'failCommand', mode, data });
}

describe('failCommand', () => {
  it('fails the named command with the given code and labels, the given number of times', async () => {
    await failCommand({ times: 2 }, { failCommands: ['find'], errorCode: 2, errorLabels: ['MyLabel'] });
    const coll = harness.db.collection('fp');
    await expect(coll.findOne({})).rejects.toMatchObject({ code: 2, errorLabels: ['MyLabel'] });
    await expect(coll.findOne({})).rejects.toMatchObject({ code: 2 });
    await expect(coll.findOne({})).resolves.toBeNull();
  });

  it("skips the first commands in { skip: n } mode, and stops at mode 'off'", async () => {
    await failCommand({ skip: 1 }, { failCommands: ['insert'], errorCode: 8 });
    const coll = harness.db.collection('fp');
    await coll.insertOne({ a: 1 });
    await expect(coll.insertOne({ a: 2 })).rejects.toMatchObject({ code: 8 });
    await failCommand('off', { failCommands: [] });
    await coll.insertOne({ a: 3 });
    expect(await coll.countDocuments()).toBe(2);
  });

  it('closes the connection, and the driver retries a retryable write once', async () => {
    await failCommand({ times: 1 }, { failCommands: ['insert'], closeConnection: true });
    const coll = harness.db.collection('fp');
    await coll.insertOne({ retried: true });
    expect(await coll.countDocuments({ retried: true })).toBe(1);
  });

  it('labels a retryable write error so the driver retries it', async () => {
    await failCommand({ times: 1 }, { failCommands: ['insert'], errorCode: 91 });
    const coll = harness.db.collection('fp');
    await coll.insertOne({ afterShutdownError: true });
    expect(await coll.countDocuments({ afterShutdownError: true })).toBe(1);
  });

  it('blocks a command for blockTimeMS before running it', async () => {
    await failCommand({ times: 1 }, { failCommands: ['ping'], blockConnection: true, blockTimeMS: 300 });
    const started = performance.now();
    await harness.db.command({ ping: 1 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('limits the failure to one appName', async () => {
    await failCommand('alwaysOn', { failCommands: ['find'], errorCode: 2, appName: 'victim' });
    const victim = new MongoClient(harness.emulator.uri, { appName: 'victim', retryReads: false });
    try {
      await expect(victim.db('test').collection('fp').findOne({})).rejects.toMatchObject({ code: 2 });
      await expect(harness.db.collection('fp').findOne({})).resolves.toBeNull();
    } finally {
      await victim.close();
    }
  });

  it('is refused outside the admin database', async () => {
    await expect(
      harness.db.command({ configureFailPoint: 'failCommand', mode: 'alwaysOn', data: { failCommands: ['find'] } }),
    ).rejects.toMatchObject({ code: 13 });
  });
});

describe('change stream resume through failures', () => {
  it('the driver resumes by itself after resumable getMore errors and sees every event exactly once', async () => {
    const coll = harness.db.collection('resume');
    const stream = coll.watch<{ i: number }>([], { maxAwaitTimeMS: 50 });
    await stream.tryNext();
    const seen: number[] = [];
    const reader = (async () => {
      while (seen.length < 30) {
        const event = (await stream.next()) as ChangeStreamInsertDocument<{ i: number }>;
        seen.push(event.fullDocument.i);
      }
    })();
    for (let i = 0; i < 30; i += 1) {
      if (i % 10 === 5) await failCommand({ times: 1 }, { failCommands: ['getMore'], errorCode: i < 20 ? 6 : 43 });
      await coll.insertOne({ i });
    }
    await reader;
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i));
    await stream.close();
  });

  it('resumes after the connection under a getMore is closed', async () => {
    const coll = harness.db.collection('resumeClose');
    const stream = coll.watch<{ i: number }>([], { maxAwaitTimeMS: 50 });
    await stream.tryNext();
    await coll.insertOne({ i: 0 });
    await failCommand({ times: 1 }, { failCommands: ['getMore'], closeConnection: true });
    await coll.insertOne({ i: 1 });
    const first = (await stream.next()) as ChangeStreamInsertDocument<{ i: number }>;
    const second = (await stream.next()) as ChangeStreamInsertDocument<{ i: number }>;
    expect([first.fullDocument.i, second.fullDocument.i]).toEqual([0, 1]);
    await stream.close();
  });
});
