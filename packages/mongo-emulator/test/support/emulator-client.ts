import { MongoClient, type Db, type MongoClientOptions } from 'mongodb';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/index.js';

export type Harness = {
  emulator: RunningEmulator;
  client: MongoClient;
  db: Db;
  /** Closes the client, then stops the emulator. */
  close(): Promise<void>;
};

/** A fresh emulator and an official-driver client connected to it. */
export async function startHarness(
  options: EmulatorOptions = {},
  clientOptions: MongoClientOptions = {},
): Promise<Harness> {
  const emulator = await startEmulator(options);
  const client = new MongoClient(emulator.uri, { serverSelectionTimeoutMS: 5000, ...clientOptions });
  await client.connect();
  return {
    emulator,
    client,
    db: client.db('test'),
    close: async () => {
      await client.close();
      await emulator.stop();
    },
  };
}
