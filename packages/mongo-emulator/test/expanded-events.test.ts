import { Binary, Int32, MongoClient, type Db, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST, opened, take } from './support/change-stream-reading.js';
import { startHarness, type Harness } from './support/emulator-client.js';

let harness: Harness;
let counter = 0;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

/** A database no other test touches. */
function freshDb(): Db {
  counter += 1;
  return harness.client.db(`expanded${counter}`);
}

/** A change event as these tests read it, expanded fields included. */
type Event = Document & {
  operationType: string;
  updateDescription?: { updatedFields: Document; disambiguatedPaths?: Record<string, unknown[]> };
};

async function uuidOf(db: Db, name: string): Promise<Binary> {
  const [info] = await db.listCollections({ name }).toArray();
  const uuid = (info as { info?: { uuid?: unknown } } | undefined)?.info?.uuid;
  if (!(uuid instanceof Binary)) throw new Error(`no uuid for ${name}`);
  return uuid;
}

describe('showExpandedEvents', () => {
  it('reports create, createIndexes, dropIndexes, modify, rename and drop with collectionUUID', async () => {
    const db = freshDb();
    await db.createCollection('target');
    const targetUuid = await uuidOf(db, 'target');
    const stream = await opened(db.watch<Document, Event>([], { ...FAST, showExpandedEvents: true }));
    await db.createCollection('items');
    const uuid = await uuidOf(db, 'items');
    const items = db.collection('items');
    await items.insertOne({ _id: 1, a: 1 } as Document);
    await items.createIndex({ x: 1 }, { name: 'x_1' });
    await items.dropIndex('x_1');
    await db.command({ collMod: 'items', changeStreamPreAndPostImages: { enabled: true } });
    await items.rename('target', { dropTarget: true });
    const events = await take(stream, 7);
    expect(events.map((event) => event.operationType)).toEqual([
      'create',
      'insert',
      'createIndexes',
      'dropIndexes',
      'modify',
      'drop',
      'rename',
    ]);
    const [create, insert, createIndexes, dropIndexes, modify, drop, rename] = events;
    const ns = { db: db.databaseName, coll: 'items' };
    expect(create).toMatchObject({
      ns,
      collectionUUID: uuid,
      operationDescription: { idIndex: { v: 2, key: { _id: 1 }, name: '_id_' } },
    });
    expect(insert).toMatchObject({ ns, collectionUUID: uuid, fullDocument: { _id: 1, a: 1 } });
    expect(createIndexes).toMatchObject({
      ns,
      collectionUUID: uuid,
      operationDescription: { indexes: [{ v: 2, key: { x: 1 }, name: 'x_1' }] },
    });
    expect(dropIndexes).toMatchObject({
      ns,
      collectionUUID: uuid,
      operationDescription: { indexes: [{ key: { x: 1 }, name: 'x_1' }] },
    });
    expect(modify).toMatchObject({
      ns,
      collectionUUID: uuid,
      operationDescription: { changeStreamPreAndPostImages: { enabled: true } },
    });
    expect(drop).toMatchObject({ ns: { db: db.databaseName, coll: 'target' }, collectionUUID: targetUuid });
    expect(rename).toMatchObject({
      ns,
      collectionUUID: uuid,
      to: { db: db.databaseName, coll: 'target' },
      operationDescription: { to: { db: db.databaseName, coll: 'target' }, dropTarget: targetUuid },
    });
    await stream.close();
  });

  it('reports a bare collMod as a modify event', async () => {
    const db = freshDb();
    await db.createCollection('plain');
    const stream = await opened(
      db.collection('plain').watch<Document, Event>([], { ...FAST, showExpandedEvents: true }),
    );
    await db.command({ collMod: 'plain' });
    const [modify] = await take(stream, 1);
    expect(modify).toMatchObject({ operationType: 'modify', ns: { db: db.databaseName, coll: 'plain' } });
    await stream.close();
  });

  it('leaves them all out, and collectionUUID too, without showExpandedEvents', async () => {
    const db = freshDb();
    const stream = await opened(db.watch<Document, Event>([], FAST));
    await db.createCollection('items');
    await db.collection('items').createIndex({ x: 1 });
    await db.collection('items').dropIndex('x_1');
    await db.command({ collMod: 'items' });
    await db.collection('items').insertOne({ a: 1 });
    const [first] = await take(stream, 1);
    expect(first).toMatchObject({ operationType: 'insert' });
    expect(first).not.toHaveProperty('collectionUUID');
    await stream.close();
  });
});

describe('views', () => {
  it('are created with viewOn and a pipeline, reported by create events, and listed as views', async () => {
    const db = freshDb();
    await db.createCollection('orders');
    const stream = await opened(db.watch<Document, Event>([], { ...FAST, showExpandedEvents: true }));
    const pipeline = [{ $match: { status: 'paid' } }, { $project: { _id: 1, total: 1 } }];
    await db.createCollection('paid', { viewOn: 'orders', pipeline });
    const [create] = await take(stream, 1);
    expect(create).toMatchObject({
      operationType: 'create',
      ns: { db: db.databaseName, coll: 'paid' },
      operationDescription: { viewOn: 'orders', pipeline },
    });
    expect(create).not.toHaveProperty('collectionUUID');
    const [info] = await db.listCollections({ name: 'paid' }).toArray();
    expect(info).toMatchObject({ type: 'view', options: { viewOn: 'orders', pipeline }, info: { readOnly: true } });
    await stream.close();
  });

  it('run their pipeline on the source for find, aggregate, count and distinct', async () => {
    const db = freshDb();
    const orders = db.collection('orders');
    await orders.insertMany([
      { _id: 1, status: 'paid', total: 5, customer: 'ada' },
      { _id: 2, status: 'open', total: 7, customer: 'bob' },
      { _id: 3, status: 'paid', total: 9, customer: 'bob' },
    ] as Document[]);
    await db.createCollection('paid', { viewOn: 'orders', pipeline: [{ $match: { status: 'paid' } }] });
    await db.createCollection('bigPaid', { viewOn: 'paid', pipeline: [{ $match: { total: { $gt: 6 } } }] });
    const paid = db.collection('paid');
    expect(await paid.find({}, { sort: { total: -1 }, projection: { total: 1 } }).toArray()).toEqual([
      { _id: 3, total: 9 },
      { _id: 1, total: 5 },
    ]);
    expect(await paid.find({ customer: 'bob' }).toArray()).toEqual([
      { _id: 3, status: 'paid', total: 9, customer: 'bob' },
    ]);
    expect(await paid.aggregate([{ $group: { _id: null, sum: { $sum: '$total' } } }]).toArray()).toEqual([
      { _id: null, sum: 14 },
    ]);
    expect(await paid.countDocuments()).toBe(2);
    expect(await paid.distinct('customer')).toEqual(['ada', 'bob']);
    expect(await db.collection('bigPaid').find().toArray()).toEqual([
      { _id: 3, status: 'paid', total: 9, customer: 'bob' },
    ]);
    await orders.insertOne({ _id: 4, status: 'paid', total: 1, customer: 'cy' } as Document);
    expect(await paid.countDocuments()).toBe(3);
  });

  it('are read-only: writes, indexes and change streams on a view are refused', async () => {
    const db = freshDb();
    await db.createCollection('source');
    await db.createCollection('view', { viewOn: 'source' });
    const view = db.collection('view');
    const refused = { code: 166, codeName: 'CommandNotSupportedOnView' };
    await expect(view.insertOne({ a: 1 })).rejects.toMatchObject(refused);
    await expect(view.updateOne({}, { $set: { a: 1 } })).rejects.toMatchObject(refused);
    await expect(view.deleteMany({})).rejects.toMatchObject(refused);
    await expect(view.createIndex({ a: 1 })).rejects.toMatchObject(refused);
    await expect(view.watch().tryNext()).rejects.toMatchObject(refused);
    await view.drop();
    expect(await db.listCollections({ name: 'view' }).toArray()).toEqual([]);
  });
});

describe('updateDescription.disambiguatedPaths', () => {
  it('is absent without showExpandedEvents', async () => {
    const coll = freshDb().collection('docs');
    await coll.insertOne({ _id: 1, a: { '1': 1 } } as Document);
    const stream = await opened(coll.watch<Document, Event>([], FAST));
    await coll.updateOne({ _id: 1 } as Document, { $set: { 'a.1': 2 } });
    const [update] = await take(stream, 1);
    expect(update?.updateDescription).toEqual({ updatedFields: { 'a.1': 2 }, removedFields: [], truncatedArrays: [] });
    await stream.close();
  });

  it('maps each ambiguous path to its components, array indexes as 32-bit integers', async () => {
    // promoteValues: false shows each number's BSON type.
    const raw = new MongoClient(harness.emulator.uri, { promoteValues: false });
    try {
      const db = freshDb();
      const coll = raw.db(db.databaseName).collection('docs');
      await coll.insertOne({ _id: 1, a: { '1': 1 }, list: [{ '1': 1 }], plain: { b: 1 }, arr: [1] } as Document);
      const stream = await opened(coll.watch<Document, Event>([], { ...FAST, showExpandedEvents: true }));
      await coll.updateOne({ _id: 1 } as Document, { $set: { 'a.1': 2, 'list.0.1': 2, 'plain.b': 2 } });
      await coll.updateOne({ _id: 1 } as Document, { $push: { arr: 2 } as Document });
      await coll.updateOne({ _id: 1 } as Document, { $unset: { 'a.1': '' } });
      const [set, push, unset] = await take(stream, 3);
      const paths = set?.updateDescription?.disambiguatedPaths ?? {};
      expect(Object.keys(paths).sort()).toEqual(['a.1', 'list.0.1']);
      expect(paths['a.1']).toEqual(['a', '1']);
      const [list, index, name] = paths['list.0.1'] ?? [];
      expect([list, name]).toEqual(['list', '1']);
      expect(index).toBeInstanceOf(Int32);
      expect((index as Int32).value).toBe(0);
      // An array index alone is not ambiguous: a reader knows `arr` is an array.
      expect(Object.keys(push?.updateDescription?.updatedFields ?? {})).toEqual(['arr.1']);
      expect(push?.updateDescription?.disambiguatedPaths).toEqual({});
      expect(unset?.updateDescription).toMatchObject({
        removedFields: ['a.1'],
        disambiguatedPaths: { 'a.1': ['a', '1'] },
      });
      await stream.close();
    } finally {
      await raw.close();
    }
  });
});
