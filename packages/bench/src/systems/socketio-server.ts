// The seed's architecture, minimal and faithful (seed document, "Architecture"):
// one change stream on `notifications` with the seed's pipeline; Socket.IO
// with JWT auth in the handshake and a room per user; `io.to(room).emit()`
// per inserted notification. What it leaves out of the seed: resume-token
// persistence and restart logic (neither is on the delivery path here, and
// saving a token per event would only slow it down). A benchmark process:
// started by the benchmark with MONGODB_URI, MONGODB_DB, PORT and JWT_SECRET.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NOTIFICATIONS_COLLECTION } from '@livebell/shared/document';
import { MongoClient, type Document } from 'mongodb';
import { pino } from 'pino';
import { Server } from 'socket.io';
import { signingKey, verifyUserToken } from '../access-token.js';
import { notifyParent } from '../ipc-rpc.js';
import { loadBaselineConfig } from './baseline-config.js';
import { watchSeedInserts } from './seed-change-stream.js';

type ServerToClient = { notification: (doc: Document) => void };
type SocketData = { userId: string };

const logger = pino({ base: { system: 'socketio' } });
const config = loadBaselineConfig();
const key = signingKey(config.jwtSecret);
const roomOf = (userId: string) => `user:${userId}`;

const client = new MongoClient(config.mongodbUri);
await client.connect();
const httpServer = createServer();
const io = new Server<Record<string, never>, ServerToClient, Record<string, never>, SocketData>(httpServer, { serveClient: false });

io.use((socket, next) => {
  const auth = socket.handshake.auth as { token?: unknown };
  void verifyUserToken(key, auth.token).then((userId) => {
    if (userId === null) {
      next(new Error('UNAUTHORIZED'));
      return;
    }
    socket.data.userId = userId;
    next();
  });
});
io.on('connection', (socket) => {
  // The in-memory adapter joins synchronously, before the client hears it is connected.
  void socket.join(roomOf(socket.data.userId));
});

const changes = await watchSeedInserts(
  client.db(config.mongodbDb).collection(NOTIFICATIONS_COLLECTION),
  (doc) => {
    // The seed validates the user id before emitting.
    const userId: unknown = doc.userId;
    if (typeof userId !== 'string' || userId === '') return;
    io.to(roomOf(userId)).emit('notification', doc);
  },
  (error) => {
    logger.fatal({ err: error }, 'change stream failed');
    process.exit(1);
  },
);

httpServer.listen(config.port, '127.0.0.1');
await once(httpServer, 'listening');
const { port } = httpServer.address() as AddressInfo;
logger.info({ port }, 'Socket.IO baseline listening');
notifyParent('ready', { port });

process.once('SIGTERM', () => {
  void (async () => {
    await io.close();
    await changes.close();
    await client.close();
    process.exit(0);
  })();
});
