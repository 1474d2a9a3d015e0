import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { startEmulator } from './emulator.js';

export type TestDatabase = {
  /** A connection string for the official driver. */
  uri: string;
  /** A database name for this test alone. */
  dbName: string;
  /** Drops the database (external server) or stops the emulator. */
  stop(): Promise<void>;
};

/**
 * A database for one test: MONGODB_URI when set (a unique database name per
 * call, dropped on stop), otherwise a fresh emulator on a random port. Never
 * downloads anything.
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const dbName = `test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const external = process.env.MONGODB_URI;
  if (external) {
    return {
      uri: external,
      dbName,
      stop: async () => {
        const client = new MongoClient(external);
        try {
          await client.db(dbName).dropDatabase();
        } finally {
          await client.close();
        }
      },
    };
  }
  const emulator = await startEmulator();
  return { uri: emulator.uri, dbName, stop: () => emulator.stop() };
}
