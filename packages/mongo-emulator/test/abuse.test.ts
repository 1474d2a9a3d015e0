import { serialize } from 'bson';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { MongoClient, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/emulator-client.js';

/** Connections of these tests give up on a started message after this long. */
const INCOMPLETE_MESSAGE_TIMEOUT_MS = 300;
/** The emulator's limit for an evaluation whose client named no maxTimeMS. */
const DEFAULT_EVALUATION_LIMIT_MS = 1000;

let harness: Harness;
let bystander: MongoClient;
beforeAll(async () => {
  harness = await startHarness({ incompleteMessageTimeoutMS: INCOMPLETE_MESSAGE_TIMEOUT_MS });
  bystander = new MongoClient(harness.emulator.uri, { serverSelectionTimeoutMS: 5000 });
  await bystander.connect();
  await harness.db.collection('strings').insertOne({ s: `${'a'.repeat(28)}!` });
});
afterAll(async () => {
  await bystander.close();
  await harness.close();
});

/** Milliseconds from the call to the settling of `work`, and its outcome. */
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; outcome: PromiseSettledResult<T> }> {
  const started = performance.now();
  const [outcome] = await Promise.allSettled([work()]);
  return { ms: performance.now() - started, outcome: outcome as PromiseSettledResult<T> };
}

/** Runs `bad` and, a moment after it was sent, another client's ping; both timed. */
async function alongsidePing(bad: () => Promise<unknown>) {
  const query = timed(bad);
  await new Promise((resolve) => setImmediate(resolve));
  const ping = timed(() => bystander.db('admin').command({ ping: 1 }));
  return { query: await query, ping: await ping };
}

describe('catastrophic regular expressions', () => {
  // Unbounded, `^(a+)+$` on 28 a's and a "!" backtracks 2^28 times: 6 to 12 s of a blocked event loop.
  it('fail with MaxTimeMSExpired at the default limit, and another client is answered within it', async () => {
    const strings = harness.db.collection('strings');
    const { query, ping } = await alongsidePing(() => strings.find({ s: /^(a+)+$/ }).toArray());
    expect(query.outcome).toMatchObject({
      status: 'rejected',
      reason: { code: 50, codeName: 'MaxTimeMSExpired', message: 'operation exceeded time limit' },
    });
    expect(query.ms).toBeLessThan(DEFAULT_EVALUATION_LIMIT_MS + 1000);
    expect(ping.outcome.status).toBe('fulfilled');
    expect(ping.ms).toBeLessThan(DEFAULT_EVALUATION_LIMIT_MS + 1000);
  });

  it("honour the client's maxTimeMS in find, $regex with options, aggregate and $regexMatch", async () => {
    const strings = harness.db.collection('strings');
    const attempts: (() => Promise<unknown>)[] = [
      () => strings.find({ s: { $regex: '^(a+)+$', $options: 'i' } }, { maxTimeMS: 150 }).toArray(),
      () => strings.aggregate([{ $match: { s: /^(a+)+$/ } }], { maxTimeMS: 150 }).toArray(),
      () =>
        strings
          .aggregate([{ $project: { bad: { $regexMatch: { input: '$s', regex: '^(a+)+$' } } } }], { maxTimeMS: 150 })
          .toArray(),
      () => strings.countDocuments({ s: /^(a+)+$/ }, { maxTimeMS: 150 }),
    ];
    for (const attempt of attempts) {
      const { query, ping } = await alongsidePing(attempt);
      expect(query.outcome).toMatchObject({ status: 'rejected', reason: { code: 50 } });
      expect(query.ms).toBeLessThan(1000);
      expect(ping.ms).toBeLessThan(1000);
    }
  });

  it('leave the data and the server as they were', async () => {
    const strings = harness.db.collection('strings');
    await expect(strings.updateMany({ s: /^(a+)+$/ }, { $set: { touched: true } })).rejects.toMatchObject({ code: 50 });
    expect(await strings.countDocuments({ touched: true })).toBe(0);
    expect(await strings.find({ s: /^a+!$/ }).toArray()).toHaveLength(1);
  });
});

/** Documents with an _id of the test's choosing. */
type KeyedDocument = { _id: string | number; [field: string]: unknown };

/** A document nested `levels` deep: level 1 is the document itself. */
function nested(levels: number): Document {
  let doc: Document = { leaf: true };
  for (let level = 1; level < levels; level += 1) doc = { child: doc };
  return doc;
}

describe('deeply nested documents', () => {
  it('are stored up to 100 levels and refused past them with Overflow, as MongoDB documents', async () => {
    const coll = harness.db.collection<KeyedDocument>('depth');
    await coll.insertOne({ _id: 'deepest allowed', ...nested(100) });
    for (const levels of [101, 5000]) {
      await expect(coll.insertOne({ _id: levels, ...nested(levels) })).rejects.toMatchObject({
        code: 15,
        codeName: 'Overflow',
        message: 'cannot insert document because it exceeds 100 levels of nesting',
      });
    }
    // Empty documents and arrays do not count as a level.
    await coll.insertOne({ _id: 'empty leaves', ...nested(100), empty: {}, list: [] });
    expect(await coll.countDocuments()).toBe(2);
  });

  it('are refused when an update would nest a document past 100 levels', async () => {
    const coll = harness.db.collection<KeyedDocument>('depthUpdate');
    await coll.insertOne({ _id: 1, top: nested(99) });
    await expect(coll.updateOne({ _id: 1 }, { $set: { top: nested(100) } })).rejects.toMatchObject({
      code: 15,
      message: 'Document exceeds maximum nesting depth of 100',
    });
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, top: nested(99) });
  });
});

/** A raw TCP connection to the emulator and a promise of its close. */
async function rawConnection(): Promise<{ socket: Socket; closed: Promise<number> }> {
  const socket = connect(harness.emulator.port, harness.emulator.host);
  await once(socket, 'connect');
  const opened = performance.now();
  socket.on('error', () => undefined);
  const closed = once(socket, 'close').then(() => performance.now() - opened);
  return { socket, closed };
}

/** An OP_MSG `{ ping: 1 }` for the admin database. */
function pingMessage(): Buffer {
  const body = serialize({ ping: 1, $db: 'admin' });
  const header = Buffer.alloc(21);
  header.writeInt32LE(21 + body.length, 0);
  header.writeInt32LE(1, 4);
  header.writeInt32LE(2013, 12);
  return Buffer.concat([header, body]);
}

describe('connections that never finish a message', () => {
  it('are closed after the timeout when the header stops half-way', async () => {
    const { socket, closed } = await rawConnection();
    socket.write(Buffer.from([0x40, 0x00]));
    const ms = await closed;
    expect(ms).toBeGreaterThanOrEqual(INCOMPLETE_MESSAGE_TIMEOUT_MS - 20);
    expect(ms).toBeLessThan(INCOMPLETE_MESSAGE_TIMEOUT_MS + 2000);
  });

  it('are closed after the timeout when the body stops half-way', async () => {
    const { socket, closed } = await rawConnection();
    socket.write(pingMessage().subarray(0, 20));
    const ms = await closed;
    expect(ms).toBeGreaterThanOrEqual(INCOMPLETE_MESSAGE_TIMEOUT_MS - 20);
    expect(ms).toBeLessThan(INCOMPLETE_MESSAGE_TIMEOUT_MS + 2000);
  });

  it('are closed at once when the header declares more than maxMessageSizeBytes, nothing buffered', async () => {
    const { socket, closed } = await rawConnection();
    const header = Buffer.alloc(16);
    header.writeInt32LE(100_000_000, 0);
    header.writeInt32LE(2013, 12);
    socket.write(header);
    expect(await closed).toBeLessThan(INCOMPLETE_MESSAGE_TIMEOUT_MS);
  });

  it('are answered when a message arrives in pieces within the timeout', async () => {
    const { socket } = await rawConnection();
    const message = pingMessage();
    const reply = once(socket, 'data');
    socket.write(message.subarray(0, 10));
    await new Promise((resolve) => setTimeout(resolve, INCOMPLETE_MESSAGE_TIMEOUT_MS / 3));
    socket.write(message.subarray(10));
    const [data] = (await reply) as [Buffer];
    expect(data.readInt32LE(8)).toBe(1); // responseTo our requestID
    socket.destroy();
  });

  it('never hold up other clients', async () => {
    const stalled = await Promise.all([rawConnection(), rawConnection()]);
    for (const { socket } of stalled) socket.write(pingMessage().subarray(0, 30));
    const ping = await timed(() => bystander.db('admin').command({ ping: 1 }));
    expect(ping.outcome.status).toBe('fulfilled');
    expect(ping.ms).toBeLessThan(INCOMPLETE_MESSAGE_TIMEOUT_MS);
    await Promise.all(stalled.map(({ closed }) => closed));
  });
});
