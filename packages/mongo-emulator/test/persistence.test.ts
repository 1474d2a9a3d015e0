import { MongoClient, type ChangeStreamInsertDocument } from 'mongodb';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';

let dbpath: string;
beforeEach(async () => {
  dbpath = await mkdtemp(join(tmpdir(), 'emulator-dbpath-'));
});
afterEach(() => rm(dbpath, { recursive: true, force: true }));

async function withClient<T>(port: number, run: (client: MongoClient) => Promise<T>): Promise<T> {
  const emulator = await startEmulator({ dbpath, port });
  const client = new MongoClient(emulator.uri, { serverSelectionTimeoutMS: 5000 });
  try {
    return await run(client);
  } finally {
    await client.close();
    await emulator.stop();
  }
}

it('keeps documents, indexes, options and the oplog across a restart, and a token taken before it resumes after it', async () => {
  const token = await withClient(0, async (client) => {
    const db = client.db('app');
    await db.createCollection('notes', { changeStreamPreAndPostImages: { enabled: true } });
    await db.collection('notes').createIndex({ key: 1 }, { unique: true });
    const stream = db.collection('notes').watch([], { maxAwaitTimeMS: 50 });
    await stream.tryNext();
    await db.collection('notes').insertMany([{ key: 1 }, { key: 2 }]);
    const first = await stream.next();
    await stream.close();
    await db.collection('notes').updateOne({ key: 2 }, { $set: { edited: true } });
    return first._id;
  });

  await withClient(0, async (client) => {
    const notes = client.db('app').collection('notes');
    expect(
      await notes
        .find({}, { projection: { _id: 0 } })
        .sort({ key: 1 })
        .toArray(),
    ).toEqual([{ key: 1 }, { key: 2, edited: true }]);
    await expect(notes.insertOne({ key: 1 })).rejects.toMatchObject({ code: 11000 });
    const resumed = notes.watch([], { resumeAfter: token, fullDocumentBeforeChange: 'required', maxAwaitTimeMS: 50 });
    const insert = (await resumed.next()) as ChangeStreamInsertDocument;
    expect(insert.fullDocument).toMatchObject({ key: 2 });
    await expect(resumed.next()).resolves.toMatchObject({
      operationType: 'update',
      fullDocumentBeforeChange: { key: 2 },
    });
    await notes.insertOne({ key: 3 });
    const fresh = (await resumed.next()) as ChangeStreamInsertDocument;
    expect(fresh.fullDocument).toMatchObject({ key: 3 });
    expect((fresh._id as { _data: string })._data > (insert._id as { _data: string })._data).toBe(true);
    await resumed.close();
  });
});

it('compacts the journal into a snapshot on a clean stop', async () => {
  await withClient(0, async (client) => {
    await client.db('app').collection('c').insertOne({ a: 1 });
  });
  expect((await stat(join(dbpath, 'journal.bson'))).size).toBe(0);
  expect((await stat(join(dbpath, 'snapshot.bson'))).size).toBeGreaterThan(0);
  await withClient(0, async (client) => {
    expect(await client.db('app').collection('c').countDocuments()).toBe(1);
  });
});
