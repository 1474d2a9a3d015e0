// The life of a baseline server process (Socket.IO or the ws relay): config,
// MongoDB, the change stream of inserts, listen, tell the benchmark it is ready,
// stop on SIGTERM. Each baseline supplies only how it accepts clients and
// delivers a document.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessTokens } from '@livebell/server/access-tokens';
import { NOTIFICATIONS_COLLECTION } from '@livebell/shared/document';
import { MongoClient, type Document } from 'mongodb';
import { pino } from 'pino';
import { notifyParent } from '../ipc-rpc.js';
import { loadBaselineConfig } from './baseline-config.js';
import { watchInserts } from './inserts-change-stream.js';

export interface BaselineDelivery {
  /** Serves the clients; the process makes it listen. */
  httpServer: Server;
  /** Delivers one inserted notification document to its user's clients. */
  deliver(doc: Document): void;
  /** Disconnects every client. */
  close(): Promise<void>;
}

/** Runs until SIGTERM; a change-stream failure ends the process (exit code 1): no restart logic here. */
export async function runBaselineServer(
  name: string,
  create: (tokens: AccessTokens) => BaselineDelivery,
): Promise<void> {
  const logger = pino({ base: { system: name } });
  const config = loadBaselineConfig();
  const client = new MongoClient(config.mongodbUri);
  await client.connect();
  const delivery = create(new AccessTokens(config.jwtSecret));
  const changes = await watchInserts(
    client.db(config.mongodbDb).collection(NOTIFICATIONS_COLLECTION),
    (doc) => delivery.deliver(doc),
    (error) => {
      logger.fatal({ err: error }, 'change stream failed');
      process.exit(1);
    },
  );
  delivery.httpServer.listen(config.port, '127.0.0.1');
  await once(delivery.httpServer, 'listening');
  const { port } = delivery.httpServer.address() as AddressInfo;
  logger.info({ port }, `${name} listening`);
  notifyParent('ready', { port });

  process.once('SIGTERM', () => {
    void (async () => {
      await delivery.close();
      await changes.close();
      await client.close();
      process.exit(0);
    })();
  });
}
