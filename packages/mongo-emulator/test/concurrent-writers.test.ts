import { MongoClient, type ChangeStreamInsertDocument } from 'mongodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/emulator-client.js';

const WRITERS = 10;
const INSERTS_PER_WRITER = 1000;

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

type Written = { writer: number; seq: number };

it('one watcher sees the 10,000 inserts of 10 concurrent writers exactly once, in commit order', async () => {
  const stream = harness.db.collection<Written>('writes').watch([], { maxAwaitTimeMS: 50 });
  await stream.tryNext();
  const events: ChangeStreamInsertDocument<Written>[] = [];
  const watching = (async () => {
    while (events.length < WRITERS * INSERTS_PER_WRITER)
      events.push((await stream.next()) as ChangeStreamInsertDocument<Written>);
  })();

  const writers = await Promise.all(
    Array.from({ length: WRITERS }, () => new MongoClient(harness.emulator.uri).connect()),
  );
  try {
    await Promise.all(
      writers.map(async (client, writer) => {
        const coll = client.db('test').collection<Written>('writes');
        for (let seq = 0; seq < INSERTS_PER_WRITER; seq += 1) await coll.insertOne({ writer, seq });
      }),
    );
  } finally {
    await Promise.all(writers.map((client) => client.close()));
  }
  await watching;
  await stream.close();

  const keys = events.map((event) => `${event.fullDocument.writer}:${event.fullDocument.seq}`);
  expect(new Set(keys).size).toBe(WRITERS * INSERTS_PER_WRITER);
  const tokens = events.map((event) => (event._id as { _data: string })._data);
  for (let i = 1; i < tokens.length; i += 1) expect((tokens[i - 1] ?? '') < (tokens[i] ?? '')).toBe(true);
  for (let writer = 0; writer < WRITERS; writer += 1) {
    const sequence = events
      .filter((event) => event.fullDocument.writer === writer)
      .map((event) => event.fullDocument.seq);
    expect(sequence).toEqual(Array.from({ length: INSERTS_PER_WRITER }, (_, i) => i));
  }
  expect(await harness.db.collection('writes').countDocuments()).toBe(WRITERS * INSERTS_PER_WRITER);
}, 120_000);
