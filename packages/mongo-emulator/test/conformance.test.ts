// The emulator's conformance subset: a small, representative part of its
// suite, written to hold on MongoDB itself (6.0 or newer, a replica set). It
// runs against MONGODB_URI when that is set (`pnpm test:mongodb`), and against
// a fresh emulator otherwise, so the emulator is checked against the same
// expectations as the real thing.
import type { Binary } from 'mongodb';
import { MongoClient, MongoServerError, type ChangeStreamDocument, type Db, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../src/testing.js';
import { FAST, opened, take } from './support/change-stream-reading.js';

let database: TestDatabase;
let client: MongoClient;
let db: Db;
let counter = 0;
beforeAll(async () => {
  database = await startTestDatabase();
  client = new MongoClient(database.uri, { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  db = client.db(database.dbName);
});
afterAll(async () => {
  await client.close();
  await database.stop();
});

/** A collection name no other test uses. */
function fresh(): string {
  counter += 1;
  return `conformance${counter}`;
}

/** A change event with the fields of expanded events. */
type Event = Document & {
  operationType: string;
  collectionUUID?: Binary;
  updateDescription?: { updatedFields: Document; disambiguatedPaths?: Record<string, unknown[]> };
};

describe('CRUD', () => {
  it('writes, reads, updates and deletes as MongoDB does, and refuses a duplicate _id with code 11000', async () => {
    const coll = db.collection<{ _id: number; n: number; tags?: string[] }>(fresh());
    await coll.insertMany([
      { _id: 1, n: 3 },
      { _id: 2, n: 1 },
      { _id: 3, n: 2 },
    ]);
    expect(await coll.find({ n: { $gte: 2 } }, { sort: { n: 1 }, projection: { _id: 1 } }).toArray()).toEqual([
      { _id: 3 },
      { _id: 1 },
    ]);
    await coll.updateOne({ _id: 2 }, { $inc: { n: 10 }, $push: { tags: 'x' } });
    expect(await coll.findOne({ _id: 2 })).toEqual({ _id: 2, n: 11, tags: ['x'] });
    await expect(coll.insertOne({ _id: 1, n: 0 })).rejects.toMatchObject({ code: 11000 });
    expect((await coll.deleteMany({ n: { $lt: 5 } })).deletedCount).toBe(2);
    expect(await coll.countDocuments()).toBe(1);
  });
});

describe('change streams', () => {
  it('report insert, update, replace and delete, and resume after a token', async () => {
    const coll = db.collection<{ _id: number; v: number }>(fresh());
    const stream = await opened(coll.watch([], FAST));
    await coll.insertOne({ _id: 1, v: 1 });
    await coll.updateOne({ _id: 1 }, { $set: { v: 2 } });
    await coll.replaceOne({ _id: 1 }, { v: 3 });
    await coll.deleteOne({ _id: 1 });
    const events: ChangeStreamDocument[] = await take(stream, 4);
    expect(events.map((event) => event.operationType)).toEqual(['insert', 'update', 'replace', 'delete']);
    expect(events[1]).toMatchObject({
      documentKey: { _id: 1 },
      updateDescription: { updatedFields: { v: 2 }, removedFields: [], truncatedArrays: [] },
    });
    await stream.close();
    const resumed = coll.watch([], { ...FAST, resumeAfter: events[1]?._id });
    const [replace, remove] = await take(resumed, 2);
    expect([replace?.operationType, remove?.operationType]).toEqual(['replace', 'delete']);
    await resumed.close();
  });

  it('answer an unknown stage with 40324, and a pipeline that drops _id with 280 and no resume', async () => {
    const coll = db.collection(fresh());
    await expect(coll.watch([{ $noSuchStage: {} }]).tryNext()).rejects.toMatchObject({ code: 40324 });
    const stream = await opened(coll.watch([{ $project: { _id: 0 } }], FAST));
    await coll.insertOne({ a: 1 });
    const error: unknown = await stream.next().catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).toMatchObject({ code: 280 });
    expect((error as MongoServerError).hasErrorLabel('NonResumableChangeStreamError')).toBe(true);
    await stream.close();
  });

  it('show create and createIndexes events and collectionUUID with showExpandedEvents', async () => {
    const name = fresh();
    const stream = await opened(db.watch<Document, Event>([], { ...FAST, showExpandedEvents: true }));
    await db.createCollection(name);
    await db.collection(name).createIndex({ x: 1 }, { name: 'x_1' });
    await db.collection(name).insertOne({ x: 1 });
    const [create, createIndexes, insert] = await take(stream, 3);
    const [info] = await db.listCollections({ name }).toArray();
    const uuid = (info as { info: { uuid: Binary } }).info.uuid;
    expect(create).toMatchObject({ operationType: 'create', ns: { db: db.databaseName, coll: name } });
    expect(createIndexes).toMatchObject({
      operationType: 'createIndexes',
      operationDescription: { indexes: [{ key: { x: 1 }, name: 'x_1' }] },
    });
    for (const event of [create, createIndexes, insert]) expect(event?.collectionUUID).toEqual(uuid);
    await stream.close();
  });

  it('list ambiguous update paths in disambiguatedPaths with showExpandedEvents, and only then', async () => {
    const coll = db.collection<{ _id: number; a: Document; list: Document[] }>(fresh());
    await coll.insertOne({ _id: 1, a: { '1': 1 }, list: [{ '1': 1 }] });
    const plain = await opened(coll.watch<Document, Event>([], FAST));
    const expanded = await opened(coll.watch<Document, Event>([], { ...FAST, showExpandedEvents: true }));
    await coll.updateOne({ _id: 1 }, { $set: { 'a.1': 2, 'list.0.1': 2 } });
    const [[unexpanded], [update]] = await Promise.all([take(plain, 1), take(expanded, 1)]);
    expect(unexpanded?.updateDescription).not.toHaveProperty('disambiguatedPaths');
    expect(update?.updateDescription?.disambiguatedPaths).toEqual({ 'a.1': ['a', '1'], 'list.0.1': ['list', 0, '1'] });
    await plain.close();
    await expanded.close();
  });
});

describe('views', () => {
  it('run their pipeline over the source and refuse writes with 166', async () => {
    const source = fresh();
    const view = fresh();
    await db.collection(source).insertMany([
      { k: 1, keep: true },
      { k: 2, keep: false },
    ]);
    await db.createCollection(view, { viewOn: source, pipeline: [{ $match: { keep: true } }] });
    expect(
      await db
        .collection(view)
        .find({}, { projection: { _id: 0 } })
        .toArray(),
    ).toEqual([{ k: 1, keep: true }]);
    await expect(db.collection(view).insertOne({ k: 3 })).rejects.toMatchObject({ code: 166 });
  });
});
