// The Socket.IO design, minimal and faithful: one change stream on
// `notifications` matching inserts of documents with a `type`; Socket.IO
// with JWT auth in the handshake and a room per user; `io.to(room).emit()`
// per inserted notification. What it leaves out of that design: resume-token
// persistence and restart logic (neither is on the delivery path here, and
// saving a token per event would only slow it down). A benchmark process:
// started by the benchmark with MONGODB_URI, MONGODB_DB, PORT and JWT_SECRET.
import { createServer } from 'node:http';
import type { Document } from 'mongodb';
import { Server } from 'socket.io';
import { verifiedUserId } from '../access-token.js';
import { runBaselineServer } from './baseline-server.js';

type ServerToClient = { notification: (doc: Document) => void };
type SocketData = { userId: string };

const roomOf = (userId: string) => `user:${userId}`;

await runBaselineServer('Socket.IO baseline', (tokens) => {
  const httpServer = createServer();
  const io = new Server<Record<string, never>, ServerToClient, Record<string, never>, SocketData>(httpServer, {
    serveClient: false,
  });
  io.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown };
    void verifiedUserId(tokens, auth.token).then((userId) => {
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
  return {
    httpServer,
    deliver: (doc) => {
      // The design checks the user id before emitting.
      const userId: unknown = doc.userId;
      if (typeof userId !== 'string' || userId === '') return;
      io.to(roomOf(userId)).emit('notification', doc);
    },
    close: () => io.close(),
  };
});
