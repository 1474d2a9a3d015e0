import {
  MongoClient,
  MongoServerError,
  type ChangeStreamInsertDocument,
  type Db,
  type Document,
  type Long,
} from 'mongodb';
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

/** The getMore error codes MongoDB labels ResumableChangeStreamError (the drivers' change-streams specification). */
const RESUMABLE_CODES = [6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436, 63, 150, 13388, 234, 133];

function failGetMore(mode: unknown, data: Document = {}): Promise<Document> {
  return harness.client.db('admin').command({ configureFailPoint: 'failGetMoreAfterCursorCheckout', mode, data });
}

/** Opens a change stream cursor with a raw aggregate and returns its id, for raw getMores. */
async function rawChangeStreamCursor(collection: string): Promise<Long> {
  const reply = await harness.db.command({ aggregate: collection, pipeline: [{ $changeStream: {} }], cursor: {} });
  return (reply.cursor as { id: Long }).id;
}

function rawGetMore(id: Long, collection: string): Promise<Document> {
  return harness.db.command({ getMore: id, collection, maxTimeMS: 10 });
}

describe('failGetMoreAfterCursorCheckout', () => {
  it('labels a change stream getMore error ResumableChangeStreamError for exactly the resumable codes', async () => {
    for (const code of [...RESUMABLE_CODES, 1, 2, 43, 50, 96, 280, 11000]) {
      const id = await rawChangeStreamCursor('labels');
      await failGetMore({ times: 1 }, { errorCode: code });
      const error = await rawGetMore(id, 'labels').then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error, `code ${code}`).toBeInstanceOf(MongoServerError);
      const { code: answered, errorLabels } = error as MongoServerError;
      expect(answered).toBe(code);
      expect(errorLabels.includes('ResumableChangeStreamError'), `code ${code}`).toBe(RESUMABLE_CODES.includes(code));
    }
  });

  it('fails with InternalError by default, in times, alwaysOn and off modes, and kills the cursor it fails', async () => {
    const coll = harness.db.collection('modes');
    await coll.insertMany([{ i: 1 }, { i: 2 }, { i: 3 }]);
    await failGetMore('alwaysOn');
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const cursor = coll.find({}, { batchSize: 1 });
      await cursor.next();
      await expect(cursor.next()).rejects.toMatchObject({
        code: 1,
        message: "Hit the 'failGetMoreAfterCursorCheckout' failpoint",
      });
      await cursor.close();
    }
    await failGetMore('off');
    expect(await coll.find({}, { batchSize: 1 }).toArray()).toHaveLength(3);
    await failGetMore({ times: 1 }, { errorCode: 6 });
    const reply = await harness.db.command({ find: 'modes', batchSize: 1 });
    const id = (reply.cursor as { id: Long }).id;
    // A find cursor's getMore is no change stream: a resumable code gets no resume label.
    await expect(harness.db.command({ getMore: id, collection: 'modes' })).rejects.toMatchObject({
      code: 6,
      errorLabels: [],
    });
    await expect(harness.db.command({ getMore: id, collection: 'modes' })).rejects.toMatchObject({ code: 43 });
    expect(await coll.find({}, { batchSize: 1 }).toArray()).toHaveLength(3);
  });

  it('limits the failure to a namespace and an appName', async () => {
    await harness.db.collection('scoped').insertMany([{ i: 1 }, { i: 2 }]);
    await harness.db.collection('other').insertMany([{ i: 1 }, { i: 2 }]);
    await failGetMore('alwaysOn', { errorCode: 2, namespace: 'test.scoped', appName: 'victim' });
    const victim = new MongoClient(harness.emulator.uri, { appName: 'victim', retryReads: false });
    try {
      const batches = (db: Db, name: string) => db.collection(name).find({}, { batchSize: 1 }).toArray();
      await expect(batches(victim.db('test'), 'scoped')).rejects.toMatchObject({ code: 2 });
      expect(await batches(victim.db('test'), 'other')).toHaveLength(2);
      expect(await batches(harness.db, 'scoped')).toHaveLength(2);
    } finally {
      await victim.close();
      await failGetMore('off');
    }
  });
});

describe('change stream resume through failures', () => {
  it('the driver resumes after every resumable getMore error and sees every event exactly once', async () => {
    const coll = harness.db.collection('resume');
    const stream = coll.watch<{ i: number }>([], { maxAwaitTimeMS: 50 });
    await stream.tryNext();
    const seen: number[] = [];
    for (const [i, code] of RESUMABLE_CODES.entries()) {
      await failGetMore({ times: 1 }, { errorCode: code });
      await coll.insertOne({ i });
      const event = (await stream.next()) as ChangeStreamInsertDocument<{ i: number }>;
      seen.push(event.fullDocument.i);
    }
    expect(seen).toEqual(RESUMABLE_CODES.map((_, i) => i));
    await stream.close();
  });

  it('the driver resumes after CursorNotFound, which it resumes by code alone', async () => {
    const coll = harness.db.collection('resumeCursorNotFound');
    const stream = coll.watch<{ i: number }>([], { maxAwaitTimeMS: 50 });
    await stream.tryNext();
    await failCommand({ times: 1 }, { failCommands: ['getMore'], errorCode: 43 });
    await coll.insertOne({ i: 1 });
    const event = (await stream.next()) as ChangeStreamInsertDocument<{ i: number }>;
    expect(event.fullDocument.i).toBe(1);
    await stream.close();
  });

  it('the error surfaces, without a resume, when a getMore error carries no ResumableChangeStreamError label', async () => {
    const watcher = new MongoClient(harness.emulator.uri, { monitorCommands: true });
    const coll = watcher.db('test').collection('noResume');
    const aggregates: string[] = [];
    watcher.on('commandStarted', (event) => {
      if (event.commandName === 'aggregate') aggregates.push(event.commandName);
    });
    const stream = coll.watch([], { maxAwaitTimeMS: 50 });
    await stream.tryNext();
    // failCommand answers with the code alone: MongoDB adds no resume label to it.
    await failCommand({ times: 1 }, { failCommands: ['getMore'], errorCode: 6 });
    await coll.insertOne({ x: 1 });
    await expect(stream.next()).rejects.toMatchObject({ code: 6, errorLabels: [] });
    const other = coll.watch([], { maxAwaitTimeMS: 50 });
    await other.tryNext();
    await failGetMore({ times: 1 }, { errorCode: 50 });
    await expect(other.next()).rejects.toMatchObject({ code: 50, codeName: 'MaxTimeMSExpired' });
    // One aggregate per stream: neither was reopened to resume.
    expect(aggregates).toHaveLength(2);
    await stream.close();
    await other.close();
    await watcher.close();
  });

  it('the driver resumes after any error labelled ResumableChangeStreamError', async () => {
    const coll = harness.db.collection('labelOnly');
    const stream = coll.watch<{ i: number }>([], { maxAwaitTimeMS: 50 });
    await stream.tryNext();
    await failCommand(
      { times: 1 },
      { failCommands: ['getMore'], errorCode: 50, errorLabels: ['ResumableChangeStreamError'] },
    );
    await coll.insertOne({ i: 7 });
    const event = (await stream.next()) as ChangeStreamInsertDocument<{ i: number }>;
    expect(event.fullDocument.i).toBe(7);
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
