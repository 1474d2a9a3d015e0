import { MongoServerError, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/emulator-client.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ ttlMonitorIntervalMs: 100 });
});
afterAll(() => harness.close());

describe('documents', () => {
  it('inserts, finds by filter with sort, skip, limit and projection', async () => {
    const coll = harness.db.collection('people');
    await coll.insertMany([
      { name: 'ann', age: 31, tags: ['a', 'b'] },
      { name: 'bob', age: 25, tags: ['b'] },
      { name: 'cid', age: 40, tags: [] },
      { name: 'dee', age: 35 },
    ]);
    const names = await coll
      .find({ age: { $gte: 30 } })
      .sort({ age: -1 })
      .skip(1)
      .limit(2)
      .project({ _id: 0, name: 1 })
      .toArray();
    expect(names).toEqual([{ name: 'dee' }, { name: 'ann' }]);
    expect(await coll.countDocuments({ tags: 'b' })).toBe(2);
    expect(await coll.estimatedDocumentCount()).toBe(4);
    expect((await coll.distinct('tags')).sort()).toEqual(['a', 'b']);
    const first = await coll.findOne({ name: 'bob' });
    expect(Object.keys(first ?? {})[0]).toBe('_id');
    expect(first?._id).toBeInstanceOf(ObjectId);
  });

  it('returns large results across getMore batches', async () => {
    const coll = harness.db.collection<{ i: number }>('many');
    await coll.insertMany(Array.from({ length: 1050 }, (_, i) => ({ i })));
    const all = await coll.find({}, { batchSize: 100 }).sort({ i: 1 }).toArray();
    expect(all.map((doc) => doc.i)).toEqual(Array.from({ length: 1050 }, (_, i) => i));
  });

  it('updates with operators, multi, upsert and arrayFilters', async () => {
    const coll = harness.db.collection('updates');
    await coll.insertMany([
      { _id: 1 as never, kind: 'x', n: 1, items: [{ v: 1 }, { v: 5 }] },
      { _id: 2 as never, kind: 'x', n: 2, items: [] },
    ]);
    const many = await coll.updateMany({ kind: 'x' }, { $inc: { n: 10 } });
    expect([many.matchedCount, many.modifiedCount]).toEqual([2, 2]);
    const unchanged = await coll.updateOne({ _id: 1 as never }, { $set: { kind: 'x' } });
    expect([unchanged.matchedCount, unchanged.modifiedCount]).toEqual([1, 0]);
    await coll.updateOne(
      { _id: 1 as never },
      { $set: { 'items.$[big].v': 0 } },
      { arrayFilters: [{ 'big.v': { $gt: 2 } }] },
    );
    expect((await coll.findOne({ _id: 1 as never }))?.items).toEqual([{ v: 1 }, { v: 0 }]);
    const upsert = await coll.updateOne(
      { kind: 'y', n: 7 },
      { $set: { flag: true }, $setOnInsert: { created: 1 } },
      { upsert: true },
    );
    expect(upsert.upsertedCount).toBe(1);
    expect(await coll.findOne({ _id: upsert.upsertedId as never }, { projection: { _id: 0 } })).toEqual({
      kind: 'y',
      n: 7,
      flag: true,
      created: 1,
    });
    await coll.updateOne({ kind: 'y' }, { $set: { flag: false }, $setOnInsert: { created: 2 } }, { upsert: true });
    expect((await coll.findOne({ kind: 'y' }))?.created).toBe(1);
    await coll.updateOne({ _id: 2 as never }, [{ $set: { doubled: { $multiply: ['$n', 2] } } }]);
    expect((await coll.findOne({ _id: 2 as never }))?.doubled).toBe(24);
  });

  it('replaces, refuses to change _id, and deletes one or many', async () => {
    const coll = harness.db.collection('replace');
    const { insertedId } = await coll.insertOne({ a: 1 });
    await coll.replaceOne({ _id: insertedId }, { b: 2 });
    expect(await coll.findOne({ _id: insertedId })).toEqual({ _id: insertedId, b: 2 });
    await expect(coll.updateOne({ _id: insertedId }, { $set: { _id: new ObjectId() } })).rejects.toMatchObject({
      code: 66,
    });
    await coll.insertMany([{ g: 1 }, { g: 1 }, { g: 1 }]);
    expect((await coll.deleteOne({ g: 1 })).deletedCount).toBe(1);
    expect((await coll.deleteMany({ g: 1 })).deletedCount).toBe(2);
  });

  it('findOneAndUpdate/Delete return the document before or after', async () => {
    const coll = harness.db.collection('fam');
    await coll.insertOne({ key: 'k', count: 1 });
    const before = await coll.findOneAndUpdate({ key: 'k' }, { $inc: { count: 1 } });
    expect(before?.count).toBe(1);
    const after = await coll.findOneAndUpdate(
      { key: 'k' },
      { $inc: { count: 1 } },
      { returnDocument: 'after', projection: { _id: 0 } },
    );
    expect(after).toEqual({ key: 'k', count: 3 });
    const upserted = await coll.findOneAndUpdate(
      { key: 'new' },
      { $set: { count: 0 } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(upserted?.key).toBe('new');
    expect((await coll.findOneAndDelete({ key: 'k' }))?.count).toBe(3);
    expect(await coll.findOne({ key: 'k' })).toBeNull();
  });

  it('aggregates with mingo stages, including $lookup', async () => {
    const orders = harness.db.collection('orders');
    const users = harness.db.collection('users');
    await users.insertMany([{ _id: 'u1' as never, name: 'Ann' }]);
    await orders.insertMany([
      { user: 'u1', total: 5 },
      { user: 'u1', total: 7 },
      { user: 'u2', total: 1 },
    ]);
    const totals = await orders
      .aggregate([
        { $match: { total: { $gt: 2 } } },
        { $group: { _id: '$user', sum: { $sum: '$total' } } },
        { $lookup: { from: 'users', localField: '_id', foreignField: '_id', as: 'who' } },
      ])
      .toArray();
    expect(totals).toEqual([{ _id: 'u1', sum: 12, who: [{ _id: 'u1', name: 'Ann' }] }]);
  });

  it('counts unread documents of one user through its index', async () => {
    const coll = harness.db.collection('notifications');
    await coll.createIndexes([{ key: { userId: 1, _id: -1 } }, { key: { userId: 1, readAt: 1 } }]);
    await coll.insertMany([
      { userId: 'a', readAt: null },
      { userId: 'a' },
      { userId: 'a', readAt: new Date() },
      { userId: 'b' },
    ]);
    expect(await coll.countDocuments({ userId: 'a', readAt: null })).toBe(2);
    const newest = await coll.find({ userId: 'a' }).sort({ _id: -1 }).limit(2).toArray();
    expect(newest).toHaveLength(2);
    expect((newest[0]?._id.toHexString() ?? '') > (newest[1]?._id.toHexString() ?? '')).toBe(true);
  });
});

describe('indexes', () => {
  it('enforces unique and compound unique indexes with E11000', async () => {
    const coll = harness.db.collection('unique');
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.createIndex({ org: 1, handle: 1 }, { unique: true, name: 'org_handle' });
    await coll.insertOne({ email: 'a@x', org: 1, handle: 'h' });
    const duplicate = await coll.insertOne({ email: 'a@x' }).catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(MongoServerError);
    expect(duplicate).toMatchObject({ code: 11000, keyValue: { email: 'a@x' } });
    await expect(coll.insertOne({ email: 'b@x', org: 1, handle: 'h' })).rejects.toMatchObject({
      code: 11000,
      keyPattern: { org: 1, handle: 1 },
    });
    await coll.insertOne({ email: 'c@x', org: 2, handle: 'h' });
    await expect(coll.updateOne({ email: 'c@x' }, { $set: { email: 'a@x' } })).rejects.toMatchObject({ code: 11000 });
    await expect(coll.insertOne({ _id: (await coll.findOne({ email: 'a@x' }))?._id })).rejects.toMatchObject({
      code: 11000,
    });
  });

  it('reports write errors per document in an unordered insertMany and keeps the rest', async () => {
    const coll = harness.db.collection('unordered');
    await coll.createIndex({ k: 1 }, { unique: true });
    const error = await coll.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }], { ordered: false }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 11000 });
    expect(await coll.countDocuments()).toBe(2);
  });

  it('refuses a unique index over existing duplicates', async () => {
    const coll = harness.db.collection('dupes');
    await coll.insertMany([{ k: 1 }, { k: 1 }]);
    await expect(coll.createIndex({ k: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 });
  });

  it('lists and drops indexes', async () => {
    const coll = harness.db.collection('idx');
    await coll.createIndex({ a: 1 });
    await coll.createIndex({ b: -1 }, { name: 'bee' });
    expect((await coll.listIndexes().toArray()).map((index) => String((index as { name: unknown }).name))).toEqual([
      '_id_',
      'a_1',
      'bee',
    ]);
    await coll.dropIndex('bee');
    expect((await coll.indexes()).map((index) => index.name)).toEqual(['_id_', 'a_1']);
    await expect(coll.dropIndex('nope')).rejects.toMatchObject({ code: 27 });
  });

  it('expires documents through a TTL index, as deletes change streams see', async () => {
    const coll = harness.db.collection('ttl');
    await coll.createIndex({ updatedAt: 1 }, { expireAfterSeconds: 0 });
    const deletes = coll.watch([{ $match: { operationType: 'delete' } }], { maxAwaitTimeMS: 50 });
    await deletes.tryNext();
    const { insertedIds } = await coll.insertMany([
      { updatedAt: new Date(Date.now() - 1000) },
      { updatedAt: new Date(Date.now() + 3_600_000) },
      { other: 1 },
    ]);
    await expect(deletes.next()).resolves.toMatchObject({
      operationType: 'delete',
      documentKey: { _id: insertedIds[0] },
    });
    expect(await coll.countDocuments()).toBe(2);
    await deletes.close();
  });
});

describe('databases and collections', () => {
  it('creates, lists, renames and drops collections and databases', async () => {
    const db = harness.client.db('catalog');
    await db.createCollection('one', { changeStreamPreAndPostImages: { enabled: true } });
    await expect(db.createCollection('one')).rejects.toMatchObject({ code: 48 });
    await db.collection('two').insertOne({ x: 1 });
    const infos = await db.listCollections().toArray();
    expect(infos.map((info) => info.name).sort()).toEqual(['one', 'two']);
    expect((infos.find((info) => info.name === 'one') as { options?: unknown } | undefined)?.options).toEqual({
      changeStreamPreAndPostImages: { enabled: true },
    });
    await db.command({ collMod: 'two', changeStreamPreAndPostImages: { enabled: true } });
    await db.renameCollection('two', 'three');
    expect(await db.collection('three').countDocuments()).toBe(1);
    expect(await db.collection('one').drop()).toBe(true);
    const { databases } = await harness.client.db('admin').admin().listDatabases();
    expect(databases.map((database) => database.name)).toContain('catalog');
    await db.dropDatabase();
    expect((await db.listCollections().toArray()).length).toBe(0);
  });
});

describe('errors', () => {
  it('answers an unknown command with CommandNotFound', async () => {
    await expect(harness.db.command({ frobnicate: 1 })).rejects.toMatchObject({
      code: 59,
      codeName: 'CommandNotFound',
    });
  });

  it('names an unsupported option', async () => {
    const error = await harness.db
      .collection('x')
      .find({}, { collation: { locale: 'fr' } })
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).message).toContain('collation');
  });

  it('names an unsupported query operator', async () => {
    const error = await harness.db
      .collection('x')
      .find({ a: { $frob: 1 } })
      .toArray()
      .catch((e: unknown) => e);
    expect((error as MongoServerError).message).toContain('$frob');
  });

  it('refuses transactions with a clear error', async () => {
    const session = harness.client.startSession();
    try {
      session.startTransaction();
      await expect(harness.db.collection('x').insertOne({ a: 1 }, { session })).rejects.toThrow(
        /Transactions are not supported/,
      );
    } finally {
      await session.endSession();
    }
  });
});
