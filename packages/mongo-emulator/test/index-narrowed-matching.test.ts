// A filter's equality on an indexed field ($eq, $in, a plain value) is answered
// by the index, and the emulator skips re-testing that condition on the
// documents the index found. These tests pin the MongoDB semantics that rely
// on: arrays, null and missing fields, numeric type equivalence, regexes, and
// operators beside $in, through the official driver.
import { Double, Int32, Long, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/emulator-client.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

/** A collection with an index on `key`, as livebell's notifications have on userId. */
async function indexed(name: string, docs: Record<string, unknown>[]) {
  const coll = harness.db.collection(name);
  await coll.createIndexes([{ key: { key: 1, _id: -1 } }, { key: { key: 1, readAt: 1 } }]);
  await coll.insertMany(docs.map((doc, i) => ({ tag: i, ...doc })));
  return coll;
}

async function tags(coll: Awaited<ReturnType<typeof indexed>>, filter: Record<string, unknown>): Promise<number[]> {
  const docs = await coll.find(filter).toArray();
  return docs.map((doc) => doc.tag as number).sort((a, b) => a - b);
}

describe('an equality on an indexed field', () => {
  it('matches array fields by element, and never a nested array by its inner elements', async () => {
    const coll = await indexed('arrays', [
      { key: 'a' },
      { key: ['a', 'b'] },
      { key: ['b'] },
      { key: [['a']] },
      { key: 'b' },
    ]);
    expect(await tags(coll, { key: 'a' })).toEqual([0, 1]);
    expect(await tags(coll, { key: { $in: ['a'] } })).toEqual([0, 1]);
    expect(await tags(coll, { key: { $in: ['b', 'c'] } })).toEqual([1, 2, 4]);
    expect(await tags(coll, { key: { $eq: 'b' } })).toEqual([1, 2, 4]);
    expect(await tags(coll, { key: ['a'] })).toEqual([3]);
  });

  it('matches null against null and missing fields only, never an array without a null', async () => {
    const coll = await indexed('nulls', [
      { key: null },
      {},
      { key: 'a' },
      { key: ['x'] },
      { key: ['x', null] },
      { key: [{ other: 1 }] },
    ]);
    expect(await tags(coll, { key: null })).toEqual([0, 1, 4]);
    expect(await tags(coll, { key: { $in: [null, 'a'] } })).toEqual([0, 1, 2, 4]);
    expect(await tags(coll, { key: { $in: ['a'] } })).toEqual([2]);
  });

  it('treats numbers of every BSON width as equal by value, and never as strings', async () => {
    const coll = await indexed('numbers', [
      { key: new Int32(1) },
      { key: new Double(1) },
      { key: Long.fromNumber(1) },
      { key: '1' },
      { key: new Double(1.5) },
      { key: [new Int32(2), new Int32(1)] },
      { key: 0 },
      { key: new Double(-0) },
    ]);
    expect(await tags(coll, { key: 1 })).toEqual([0, 1, 2, 5]);
    expect(await tags(coll, { key: { $in: [new Double(1), 1.5] } })).toEqual([0, 1, 2, 4, 5]);
    expect(await tags(coll, { key: { $in: [Long.fromNumber(1)] } })).toEqual([0, 1, 2, 5]);
    expect(await tags(coll, { key: { $in: ['1'] } })).toEqual([3]);
    expect(await tags(coll, { key: 0 })).toEqual([6, 7]);
  });

  it('matches dates by instant, ObjectIds by value and booleans by value', async () => {
    const id = new ObjectId();
    const coll = await indexed('scalars', [
      { key: new Date(1000) },
      { key: new Date(2000) },
      { key: id },
      { key: id.toHexString() },
      { key: true },
      { key: 'true' },
    ]);
    expect(await tags(coll, { key: { $in: [new Date(1000)] } })).toEqual([0]);
    expect(await tags(coll, { key: new ObjectId(id.toHexString()) })).toEqual([2]);
    expect(await tags(coll, { key: { $in: [true] } })).toEqual([4]);
  });

  it('matches regexes in $in by pattern, not as values', async () => {
    const coll = await indexed('regexes', [
      { key: 'apple' },
      { key: 'banana' },
      { key: ['cherry', 'avocado'] },
      { key: null },
    ]);
    expect(await tags(coll, { key: { $in: [/^a/, 'banana'] } })).toEqual([0, 1, 2]);
    expect(await tags(coll, { key: /an/ })).toEqual([1]);
  });

  it('still applies the operators next to $eq or $in, and the rest of the filter', async () => {
    const coll = await indexed('combined', [
      { key: 'a', n: 1, readAt: null },
      { key: 'a', n: 5 },
      { key: 'a', n: 9, readAt: new Date() },
      { key: 'b', n: 5, readAt: null },
    ]);
    expect(await tags(coll, { key: { $in: ['a', 'b'], $nin: ['b'] } })).toEqual([0, 1, 2]);
    expect(await tags(coll, { key: { $eq: 'a', $ne: 'a' } })).toEqual([]);
    expect(await tags(coll, { key: { $in: ['a', 'b'] }, n: { $gte: 5 } })).toEqual([1, 2, 3]);
    expect(await tags(coll, { key: { $in: ['a', 'b'] }, readAt: null })).toEqual([0, 1, 3]);
    expect(await tags(coll, { $and: [{ key: 'a' }, { n: 5 }] })).toEqual([1]);
    expect(await tags(coll, { key: { $in: [] } })).toEqual([]);
  });

  it('counts exactly per user in one aggregate over thousands of users', async () => {
    const users = Array.from({ length: 5000 }, (_, i) => `user-${i}`);
    const docs = users.flatMap((key, i) => [
      { key, readAt: null },
      ...(i % 3 === 0 ? [{ key }] : []),
      ...(i % 2 === 0 ? [{ key, readAt: new Date() }] : []),
    ]);
    const coll = await indexed('counts', docs);
    const asked = [...users.slice(0, 4000), 'nobody'];
    const rows = await coll
      .aggregate<{ _id: string; n: number }>([
        { $match: { key: { $in: asked }, readAt: null } },
        { $group: { _id: '$key', n: { $sum: 1 } } },
      ])
      .toArray();
    const counts = new Map(rows.map((row) => [row._id, row.n]));
    expect(counts.size).toBe(4000);
    for (const [i, user] of users.slice(0, 4000).entries()) expect(counts.get(user)).toBe(i % 3 === 0 ? 2 : 1);
  });
});

describe('an aggregate over stored documents', () => {
  it('leaves stored documents unchanged whatever its stages do with them', async () => {
    const coll = await indexed('untouched', [
      { key: 'a', data: { n: 1 } },
      { key: 'a', data: { n: 2 } },
    ]);
    const grouped = await coll
      .aggregate([
        { $match: { key: 'a' } },
        { $group: { _id: '$key', docs: { $push: '$$ROOT' } } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(grouped[0]?.docs).toHaveLength(2);
    await coll.aggregate([{ $match: { key: 'a' } }, { $addFields: { 'data.n': 0, 'data.added': true } }]).toArray();
    await coll.aggregate([{ $group: { _id: '$data' } }, { $addFields: { '_id.n': 7 } }]).toArray();
    const stored = await coll
      .find({ key: 'a' }, { projection: { _id: 0, data: 1 } })
      .sort({ tag: 1 })
      .toArray();
    expect(stored).toEqual([{ data: { n: 1 } }, { data: { n: 2 } }]);
  });
});
