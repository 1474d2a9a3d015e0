import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import { startTestDatabase } from '../src/testing.js';

const savedUri = process.env.MONGODB_URI;
afterEach(() => {
  if (savedUri === undefined) delete process.env.MONGODB_URI;
  else process.env.MONGODB_URI = savedUri;
});

describe('startTestDatabase', () => {
  it('starts a fresh emulator when MONGODB_URI is unset, and stops it', async () => {
    delete process.env.MONGODB_URI;
    const database = await startTestDatabase();
    const client = new MongoClient(database.uri, { serverSelectionTimeoutMS: 1000 });
    await client.db(database.dbName).collection('c').insertOne({ a: 1 });
    await client.close();
    await database.stop();
    const afterStop = new MongoClient(database.uri, { serverSelectionTimeoutMS: 300 });
    await expect(afterStop.db('admin').command({ ping: 1 })).rejects.toThrow();
    await afterStop.close();
  });

  it('uses MONGODB_URI when set: a unique database per call, dropped on stop', async () => {
    const server = await startEmulator();
    process.env.MONGODB_URI = server.uri;
    const client = new MongoClient(server.uri);
    try {
      const [one, two] = await Promise.all([startTestDatabase(), startTestDatabase()]);
      expect(one?.uri).toBe(server.uri);
      expect(one?.dbName).not.toBe(two?.dbName);
      await client.db(one?.dbName).collection('c').insertOne({ a: 1 });
      await client.db(two?.dbName).collection('c').insertOne({ a: 2 });
      await one?.stop();
      const names = (await client.db('admin').admin().listDatabases()).databases.map((database) => database.name);
      expect(names).not.toContain(one?.dbName);
      expect(names).toContain(two?.dbName);
      await two?.stop();
    } finally {
      await client.close();
      await server.stop();
    }
  });
});
