import { MongoClient, MongoServerError, Timestamp, type ChangeStreamDocument, type Document, type Long } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST, opened, take } from './support/change-stream-reading.js';
import { startHarness, type Harness } from './support/emulator-client.js';

let harness: Harness;
let counter = 0;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

/** A collection no other test touches. */
function freshName(): string {
  counter += 1;
  return `cs${counter}`;
}

type RawCursor = { id: Long; firstBatch?: Document[]; nextBatch?: Document[]; postBatchResumeToken: { _data: string } };

describe('collection change streams', () => {
  it('reports insert, update, replace and delete shaped as MongoDB documents them', async () => {
    const coll = harness.db.collection<{ n?: number; arr?: number[]; nested?: Document; replaced?: boolean }>(
      freshName(),
    );
    const stream = await opened(coll.watch([], FAST));
    const { insertedIds } = await coll.insertMany([{ n: 1, arr: [1, 2, 3], nested: { a: 1 } }, { n: 2 }]);
    await coll.updateOne({ n: 1 }, { $set: { 'nested.b': 2 }, $unset: { n: '' }, $push: { arr: 4 } });
    await coll.updateOne({ _id: insertedIds[0] }, { $pop: { arr: 1 } });
    await coll.replaceOne({ n: 2 }, { replaced: true });
    await coll.deleteOne({ replaced: true });
    const [first, second, update, truncate, replace, remove] = await take(stream, 6);
    expect(first).toMatchObject({
      operationType: 'insert',
      ns: { db: 'test', coll: coll.collectionName },
      documentKey: { _id: insertedIds[0] },
      fullDocument: { n: 1 },
    });
    expect(first?.clusterTime).toBeInstanceOf(Timestamp);
    expect((first as { wallTime?: unknown } | undefined)?.wallTime).toBeInstanceOf(Date);
    expect(second).toMatchObject({ operationType: 'insert', fullDocument: { n: 2 } });
    expect(update).toMatchObject({
      operationType: 'update',
      documentKey: { _id: insertedIds[0] },
      updateDescription: { updatedFields: { 'nested.b': 2, 'arr.3': 4 }, removedFields: ['n'], truncatedArrays: [] },
    });
    expect(update).not.toHaveProperty('fullDocument');
    expect(truncate).toMatchObject({
      updateDescription: { updatedFields: {}, removedFields: [], truncatedArrays: [{ field: 'arr', newSize: 3 }] },
    });
    expect(replace).toMatchObject({ operationType: 'replace', fullDocument: { _id: insertedIds[1], replaced: true } });
    expect(remove).toMatchObject({ operationType: 'delete', documentKey: { _id: insertedIds[1] } });
    await stream.close();
  });

  it('gives every event a token whose _data sorts in commit order, one event per inserted document', async () => {
    const coll = harness.db.collection(freshName());
    const stream = await opened(coll.watch([], FAST));
    await coll.insertMany(Array.from({ length: 50 }, (_, i) => ({ i })));
    await coll.updateMany({}, { $inc: { i: 1 } });
    const events = await take(stream, 100);
    const tokens = events.map((event) => (event._id as { _data: string })._data);
    for (const token of tokens) expect(token).toMatch(/^82[0-9A-F]{16}[0-9A-F]+$/);
    expect([...tokens].sort()).toEqual(tokens);
    expect(new Set(tokens).size).toBe(100);
    const times = events.map((event) => event.clusterTime as Timestamp);
    for (let i = 1; i < times.length; i += 1) expect(times[i]?.greaterThan(times[i - 1] as Timestamp)).toBe(true);
    await stream.close();
  });

  it('applies the stages after $changeStream and refuses a changed _id', async () => {
    const coll = harness.db.collection(freshName());
    const stream = await opened(
      coll.watch(
        [{ $match: { 'fullDocument.userId': 'u2' } }, { $project: { fullDocument: 1, operationType: 1 } }],
        FAST,
      ),
    );
    await coll.insertMany([{ userId: 'u1' }, { userId: 'u2', title: 't' }]);
    const [event] = await take(stream, 1);
    expect(event).toMatchObject({ operationType: 'insert', fullDocument: { userId: 'u2', title: 't' } });
    expect(event).not.toHaveProperty('ns');
    await stream.close();
    const bad = await opened(coll.watch([{ $project: { _id: 0 } }], FAST));
    await coll.insertOne({ userId: 'u3' });
    await expect(bad.next()).rejects.toMatchObject({
      code: 280,
      codeName: 'ChangeStreamFatalError',
      errorLabels: ['NonResumableChangeStreamError'],
    });
    await bad.close();
    expect(() => coll.watch([{ $group: { _id: 1 } }])).not.toThrow();
    const refused = coll.watch([{ $group: { _id: 1 } }]).tryNext();
    await expect(refused).rejects.toMatchObject({ code: 20 });
    await expect(refused).rejects.toThrow(/\$group is not permitted/);
  });

  it('answers an unknown stage after $changeStream, or anywhere in a pipeline, with code 40324', async () => {
    const coll = harness.db.collection(freshName());
    await expect(coll.watch([{ $noSuchStage: {} }]).tryNext()).rejects.toMatchObject({
      code: 40324,
      message: "Unrecognized pipeline stage name: '$noSuchStage'",
    });
    await expect(coll.aggregate([{ $match: {} }, { $noSuchStage: {} }]).toArray()).rejects.toMatchObject({
      code: 40324,
    });
  });
});

describe('fullDocument and fullDocumentBeforeChange', () => {
  it("'updateLookup' returns the document as it is now, null once deleted", async () => {
    const coll = harness.db.collection(freshName());
    const stream = await opened(coll.watch([], { ...FAST, fullDocument: 'updateLookup' }));
    const { insertedId } = await coll.insertOne({ v: 1 });
    await coll.updateOne({ _id: insertedId }, { $set: { v: 2 } });
    const [, update] = await take(stream, 2);
    expect(update).toMatchObject({ operationType: 'update', fullDocument: { _id: insertedId, v: 2 } });
    await stream.close();
    const late = await opened(coll.watch([], { ...FAST, fullDocument: 'updateLookup' }));
    await coll.updateOne({ _id: insertedId }, { $set: { v: 3 } });
    await coll.deleteOne({ _id: insertedId });
    const [gone] = await take(late, 1);
    expect(gone).toMatchObject({ operationType: 'update', fullDocument: null });
    await late.close();
  });

  it('returns post- and pre-images when the collection records them', async () => {
    const name = freshName();
    await harness.db.createCollection(name, { changeStreamPreAndPostImages: { enabled: true } });
    const coll = harness.db.collection(name);
    const stream = await opened(
      coll.watch([], { ...FAST, fullDocument: 'required', fullDocumentBeforeChange: 'required' }),
    );
    const { insertedId } = await coll.insertOne({ v: 1 });
    await coll.updateOne({ _id: insertedId }, { $set: { v: 2 } });
    await coll.updateOne({ _id: insertedId }, { $set: { v: 3 } });
    await coll.deleteOne({ _id: insertedId });
    const [, first, second, remove] = await take(stream, 4);
    expect(first).toMatchObject({ fullDocument: { v: 2 }, fullDocumentBeforeChange: { v: 1 } });
    expect(second).toMatchObject({ fullDocument: { v: 3 }, fullDocumentBeforeChange: { v: 2 } });
    expect(remove).toMatchObject({ operationType: 'delete', fullDocumentBeforeChange: { _id: insertedId, v: 3 } });
    await stream.close();
  });

  it("'whenAvailable' gives null without pre-images, and 'required' fails", async () => {
    const coll = harness.db.collection(freshName());
    const stream = await opened(
      coll.watch([], { ...FAST, fullDocument: 'whenAvailable', fullDocumentBeforeChange: 'whenAvailable' }),
    );
    const { insertedId } = await coll.insertOne({ v: 1 });
    await coll.updateOne({ _id: insertedId }, { $set: { v: 2 } });
    const [, update] = await take(stream, 2);
    expect(update).toMatchObject({ fullDocument: null, fullDocumentBeforeChange: null });
    await stream.close();
    const strict = await opened(coll.watch([], { ...FAST, fullDocumentBeforeChange: 'required' }));
    await coll.deleteOne({ _id: insertedId });
    await expect(strict.next()).rejects.toMatchObject({ code: 280 });
    await strict.close();
  });

  it('enables pre-images later with collMod', async () => {
    const coll = harness.db.collection(freshName());
    const { insertedId } = await coll.insertOne({ v: 1 });
    await harness.db.command({ collMod: coll.collectionName, changeStreamPreAndPostImages: { enabled: true } });
    const stream = await opened(coll.watch([], { ...FAST, fullDocumentBeforeChange: 'whenAvailable' }));
    await coll.deleteOne({ _id: insertedId });
    const [remove] = await take(stream, 1);
    expect(remove).toMatchObject({ fullDocumentBeforeChange: { _id: insertedId, v: 1 } });
    await stream.close();
  });
});

describe('database and deployment streams', () => {
  it('a database stream sees every collection, drop, rename and dropDatabase, then invalidates', async () => {
    const db = harness.client.db('dbstream');
    await db.collection('seed').insertOne({ s: 1 });
    const stream = await opened(db.watch([], FAST));
    await db.collection('a').insertOne({ x: 1 });
    await db.collection('b').insertOne({ x: 2 });
    await db.renameCollection('a', 'a2');
    await db.collection('b').drop();
    await db.dropDatabase();
    const events = await take(stream, 7);
    expect(events.map((event) => event.operationType)).toEqual([
      'insert',
      'insert',
      'rename',
      'drop',
      'drop',
      'drop',
      'dropDatabase',
    ]);
    expect(events[2]).toMatchObject({ ns: { db: 'dbstream', coll: 'a' }, to: { db: 'dbstream', coll: 'a2' } });
    expect(events[6]).toMatchObject({ ns: { db: 'dbstream' } });
    await expect(stream.next()).resolves.toMatchObject({ operationType: 'invalidate' });
    expect(stream.closed).toBe(true);
  });

  it('a deployment stream (client.watch) sees every database', async () => {
    const stream = await opened(harness.client.watch([{ $match: { 'ns.coll': 'everywhere' } }], FAST));
    await harness.client.db('one').collection('everywhere').insertOne({ a: 1 });
    await harness.client.db('two').collection('everywhere').insertOne({ a: 2 });
    const events = await take(stream, 2);
    expect(events.map((event) => (event as { ns: { db: string } }).ns.db)).toEqual(['one', 'two']);
    await stream.close();
  });

  it('a collection stream is invalidated by a drop, and startAfter the invalidate continues', async () => {
    const coll = harness.db.collection(freshName());
    await coll.insertOne({ before: true });
    const stream = await opened(coll.watch([], FAST));
    await coll.drop();
    const [drop] = await take(stream, 1);
    expect(drop?.operationType).toBe('drop');
    const invalidate = await stream.next();
    expect(invalidate.operationType).toBe('invalidate');
    await expect(coll.watch([], { resumeAfter: invalidate._id }).tryNext()).rejects.toMatchObject({ code: 260 });
    const after = await opened(coll.watch([], { ...FAST, startAfter: invalidate._id }));
    await coll.insertOne({ after: true });
    await expect(after.next()).resolves.toMatchObject({ operationType: 'insert', fullDocument: { after: true } });
    await after.close();
  });
});

describe('resuming', () => {
  it('resumeAfter a token delivers exactly the events after it, also from a new client', async () => {
    const coll = harness.db.collection(freshName());
    const stream = await opened(coll.watch([], FAST));
    await coll.insertMany(Array.from({ length: 10 }, (_, i) => ({ i })));
    const events = await take(stream, 4);
    const token = events[3]?._id;
    await stream.close();
    const other = new MongoClient(harness.emulator.uri);
    try {
      const resumed = other.db('test').collection(coll.collectionName).watch([], { resumeAfter: token });
      const rest = await take(resumed, 6);
      expect(rest.map((event) => (event as unknown as { fullDocument: { i: number } }).fullDocument.i)).toEqual([
        4, 5, 6, 7, 8, 9,
      ]);
      await resumed.close();
    } finally {
      await other.close();
    }
  });

  it('startAtOperationTime starts with the write at that time', async () => {
    const coll = harness.db.collection(freshName());
    await coll.insertOne({ i: 0 });
    const result = await harness.db.command({ insert: coll.collectionName, documents: [{ i: 1 }] });
    await coll.insertOne({ i: 2 });
    const stream = coll.watch([], { startAtOperationTime: result.operationTime as Timestamp });
    const events = await take(stream, 2);
    expect(events.map((event) => (event as unknown as { fullDocument: { i: number } }).fullDocument.i)).toEqual([1, 2]);
    await stream.close();
  });

  it('postBatchResumeToken sorts after what a batch scanned, and resuming after it continues exactly there', async () => {
    const coll = harness.db.collection(freshName());
    await coll.insertOne({ i: 0 });
    const opened = await harness.db.command({
      aggregate: coll.collectionName,
      pipeline: [{ $changeStream: {} }],
      cursor: {},
    });
    const first = opened.cursor as RawCursor;
    expect(first.firstBatch).toEqual([]);
    await coll.insertMany([{ i: 1 }, { i: 2 }]);
    const batch = (await harness.db.command({ getMore: first.id, collection: coll.collectionName, maxTimeMS: 5000 }))
      .cursor as RawCursor;
    expect(batch.nextBatch?.map((event) => (event.fullDocument as { i: number }).i)).toEqual([1, 2]);
    const tokens = (batch.nextBatch ?? []).map((event) => (event._id as { _data: string })._data);
    expect(first.postBatchResumeToken._data < (tokens[0] ?? '')).toBe(true);
    expect(batch.postBatchResumeToken._data > (tokens[1] ?? '')).toBe(true);
    await coll.insertOne({ i: 3 });
    const resumed = coll.watch([], { resumeAfter: batch.postBatchResumeToken });
    const [next] = await take(resumed, 1);
    expect(next).toMatchObject({ fullDocument: { i: 3 } });
    expect((next?._id as { _data: string })._data > batch.postBatchResumeToken._data).toBe(true);
    await resumed.close();
    await harness.db.command({ killCursors: coll.collectionName, cursors: [first.id] });
  });

  it('a getMore waits for the next event and returns as soon as it lands; with none it returns empty at maxTimeMS', async () => {
    const coll = harness.db.collection(freshName());
    const opened = await harness.db.command({
      aggregate: coll.collectionName,
      pipeline: [{ $changeStream: {} }],
      cursor: {},
    });
    const id = (opened.cursor as RawCursor).id;
    const empty = (await harness.db.command({ getMore: id, collection: coll.collectionName, maxTimeMS: 50 }))
      .cursor as RawCursor;
    expect(empty.nextBatch).toEqual([]);
    expect(empty.postBatchResumeToken._data).toMatch(/^82/);
    // A 60 s wait that must end with the insert: the test timeout (30 s) fails it otherwise.
    const waiting = harness.db.command({ getMore: id, collection: coll.collectionName, maxTimeMS: 60_000 });
    await coll.insertOne({ woke: true });
    const woken = (await waiting).cursor as RawCursor;
    expect(woken.nextBatch).toHaveLength(1);
    await harness.db.command({ killCursors: coll.collectionName, cursors: [id] });
  });

  it('honours batchSize on the first batch and on every getMore', async () => {
    const coll = harness.db.collection(freshName());
    const start = await harness.db.command({ insert: coll.collectionName, documents: [{ i: -1 }] });
    await coll.insertMany(Array.from({ length: 5 }, (_, i) => ({ i })));
    const opened = await harness.db.command({
      aggregate: coll.collectionName,
      pipeline: [{ $changeStream: { startAtOperationTime: start.operationTime as Timestamp } }],
      cursor: { batchSize: 2 },
    });
    const first = opened.cursor as RawCursor;
    const next = (await harness.db.command({ getMore: first.id, collection: coll.collectionName, batchSize: 3 }))
      .cursor as RawCursor;
    expect(first.firstBatch?.map((event) => (event.fullDocument as { i: number }).i)).toEqual([-1, 0]);
    expect(next.nextBatch?.map((event) => (event.fullDocument as { i: number }).i)).toEqual([1, 2, 3]);
    await harness.db.command({ killCursors: coll.collectionName, cursors: [first.id] });
  });

  it('startAtOperationTime in the future delivers only writes from that time on', async () => {
    const coll = harness.db.collection(freshName());
    const now = (await harness.db.command({ ping: 1 })).operationTime as Timestamp;
    const future = new Timestamp({ t: now.t, i: now.i + 3 });
    const stream = coll.watch([], { ...FAST, startAtOperationTime: future });
    await stream.tryNext();
    for (let i = 0; i < 5; i += 1) await coll.insertOne({ i });
    const events = await take(stream, 3);
    for (const event of events) expect((event.clusterTime as Timestamp).greaterThanOrEqual(future)).toBe(true);
    await stream.close();
  });

  it('answers FailedToParse, naming the token, for a token it cannot read', async () => {
    const coll = harness.db.collection(freshName());
    const error = await coll
      .watch([], { resumeAfter: { _data: 'not-a-token' } })
      .tryNext()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).toMatchObject({ code: 9 });
    expect((error as Error).message).toContain('not-a-token');
  });
});

describe('bounded oplog', () => {
  it('answers ChangeStreamHistoryLost for a token older than the oldest entry, and resumes from the oldest entry itself', async () => {
    const small = await startHarness({ oplogSize: 5 });
    try {
      const coll = small.db.collection('lost');
      await coll.insertOne({ i: -1 });
      const stream = await opened(coll.watch([], FAST));
      const events: ChangeStreamDocument[] = [];
      for (let i = 0; i < 10; i += 1) {
        await coll.insertOne({ i });
        events.push(...(await take(stream, 1)));
      }
      await stream.close();
      // Five entries are kept: the inserts of i = 5..9. The token of i = 5 is the oldest entry's.
      const status = await small.client.db('admin').command({ serverStatus: 1 });
      expect(status.oplog).toMatchObject({ entries: 5, maxEntries: 5 });
      await expect(coll.watch([], { resumeAfter: events[4]?._id }).tryNext()).rejects.toMatchObject({
        code: 286,
        codeName: 'ChangeStreamHistoryLost',
      });
      const fromOldest = coll.watch([], { resumeAfter: events[5]?._id });
      const rest = await take(fromOldest, 4);
      expect(rest.map((event) => (event as unknown as { fullDocument: { i: number } }).fullDocument.i)).toEqual([
        6, 7, 8, 9,
      ]);
      await fromOldest.close();
    } finally {
      await small.close();
    }
  });
});
