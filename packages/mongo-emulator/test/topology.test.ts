import { BSON, MongoClient } from 'mongodb';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import { startHarness, type Harness } from './support/emulator-client.js';

describe('replica set', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  it('answers hello as the primary of rs0', async () => {
    const hello = await harness.client.db('admin').command({ hello: 1 });
    const me = `127.0.0.1:${harness.emulator.port}`;
    expect(hello).toMatchObject({
      isWritablePrimary: true,
      setName: 'rs0',
      hosts: [me],
      primary: me,
      me,
      setVersion: 1,
      logicalSessionTimeoutMinutes: 30,
    });
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(17);
    expect(hello.electionId).toBeDefined();
    expect((hello.lastWrite as { lastWriteDate: unknown }).lastWriteDate).toBeInstanceOf(Date);
    expect(hello).toHaveProperty('operationTime');
    expect(hello).toHaveProperty('$clusterTime');
  });

  it('works with directConnection=true as well as replicaSet=rs0', async () => {
    const direct = new MongoClient(`mongodb://127.0.0.1:${harness.emulator.port}/?directConnection=true`);
    try {
      await direct.db('test').collection('direct').insertOne({ ok: true });
      expect(await harness.db.collection('direct').countDocuments()).toBe(1);
    } finally {
      await direct.close();
    }
  });

  it('reports one PRIMARY in replSetGetStatus and says it is the emulator in buildInfo', async () => {
    const status = await harness.client.db('admin').command({ replSetGetStatus: 1 });
    expect(status.set).toBe('rs0');
    expect(status.members).toHaveLength(1);
    expect((status.members as unknown[])[0]).toMatchObject({ stateStr: 'PRIMARY', self: true });
    const info = await harness.client.db('admin').command({ buildInfo: 1 });
    expect(info.version).toMatch(/emulator/);
  });

  it('answers the diagnostic commands drivers and tools send', async () => {
    const admin = harness.client.db('admin');
    await expect(admin.command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
    await expect(admin.command({ serverStatus: 1 })).resolves.toMatchObject({
      ok: 1,
      process: 'livebell-mongo-emulator',
    });
    await expect(admin.command({ getParameter: 1, featureCompatibilityVersion: 1 })).resolves.toMatchObject({
      featureCompatibilityVersion: { version: '7.0' },
    });
    await expect(admin.command({ hostInfo: 1 })).resolves.toHaveProperty('system');
    await expect(admin.command({ endSessions: [] })).resolves.toMatchObject({ ok: 1 });
  });
});

describe('standalone', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ standalone: true });
  });
  afterAll(() => harness.close());

  it('answers hello without a replica set, and the URI has no replicaSet', async () => {
    expect(harness.emulator.uri).toBe(`mongodb://127.0.0.1:${harness.emulator.port}/`);
    const hello = await harness.client.db('admin').command({ hello: 1 });
    expect(hello.isWritablePrimary).toBe(true);
    expect(hello).not.toHaveProperty('setName');
    await harness.db.collection('plain').insertOne({ works: true });
  });

  it('fails replSetGetStatus with NoReplicationEnabled and change streams with 40573', async () => {
    await expect(harness.client.db('admin').command({ replSetGetStatus: 1 })).rejects.toMatchObject({
      code: 76,
      codeName: 'NoReplicationEnabled',
    });
    await expect(harness.db.collection('plain').watch().tryNext()).rejects.toMatchObject({ code: 40573 });
  });
});

describe('bad input on the wire', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());

  function rawConnection(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect(emulator.port, '127.0.0.1', () => resolve(socket));
      socket.once('error', reject);
    });
  }

  function closed(socket: Socket): Promise<void> {
    return new Promise((resolve) => {
      if (socket.destroyed) resolve();
      socket.once('close', () => resolve());
      socket.resume();
    });
  }

  function opMsg(body: Uint8Array, flags = 0): Buffer {
    const header = Buffer.alloc(21);
    header.writeInt32LE(21 + body.length, 0);
    header.writeInt32LE(1, 4);
    header.writeInt32LE(2013, 12);
    header.writeUInt32LE(flags, 16);
    header.writeUInt8(0, 20);
    return Buffer.concat([header, body]);
  }

  function reply(socket: Socket): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      let data = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        data = Buffer.concat([data, chunk]);
        if (data.length >= 4 && data.length >= data.readInt32LE(0)) {
          socket.off('data', onData);
          resolve(BSON.deserialize(data.subarray(21)));
        }
      };
      socket.on('data', onData);
    });
  }

  async function stillServes(): Promise<void> {
    const client = new MongoClient(emulator.uri);
    try {
      await expect(client.db('admin').command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
    } finally {
      await client.close();
    }
  }

  it('answers an OP_MSG command sent by hand, and ignores the checksum flag', async () => {
    const socket = await rawConnection();
    const checksum = Buffer.alloc(4);
    const message = opMsg(BSON.serialize({ ping: 1, $db: 'admin' }), 1);
    message.writeInt32LE(message.length + 4, 0);
    socket.write(Buffer.concat([message, checksum]));
    await expect(reply(socket)).resolves.toMatchObject({ ok: 1 });
    socket.destroy();
  });

  it('closes only the connection that sent garbage', async () => {
    const socket = await rawConnection();
    const closing = closed(socket);
    socket.write(opMsg(Buffer.from([0x10, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])));
    await closing;
    await stillServes();
  });

  it('closes a connection that announces a message over 48 MB', async () => {
    const socket = await rawConnection();
    const closing = closed(socket);
    const header = Buffer.alloc(16);
    header.writeInt32LE(48_000_001, 0);
    header.writeInt32LE(2013, 12);
    socket.write(header);
    await closing;
    await stillServes();
  });

  it('closes a connection that uses a removed opcode', async () => {
    const socket = await rawConnection();
    const closing = closed(socket);
    const message = Buffer.alloc(24);
    message.writeInt32LE(24, 0);
    message.writeInt32LE(2002, 12); // OP_INSERT, removed in MongoDB 6.0
    socket.write(message);
    await closing;
    await stillServes();
  });

  it('answers a command without $db with an error and keeps the connection', async () => {
    const socket = await rawConnection();
    socket.write(opMsg(BSON.serialize({ ping: 1 })));
    await expect(reply(socket)).resolves.toMatchObject({ ok: 0, code: 73 });
    socket.write(opMsg(BSON.serialize({ ping: 1, $db: 'admin' })));
    await expect(reply(socket)).resolves.toMatchObject({ ok: 1 });
    socket.destroy();
  });

  it('does not answer a moreToCome (unacknowledged) write, but performs it', async () => {
    const socket = await rawConnection();
    socket.write(
      opMsg(BSON.serialize({ insert: 'w0', documents: [{ a: 1 }], $db: 'test', writeConcern: { w: 0 } }), 2),
    );
    socket.write(opMsg(BSON.serialize({ count: 'w0', $db: 'test' })));
    await expect(reply(socket)).resolves.toMatchObject({ ok: 1, n: 1 });
    socket.destroy();
  });
});
