// The floor: a bare `ws` relay. The same change stream as the Socket.IO
// design; a Map from user id to that user's sockets; per inserted
// notification one JSON.stringify and one send per socket. The token is checked once, at the
// upgrade. Nothing cheaper can deliver the same events in Node.js. A
// benchmark process: started with MONGODB_URI, MONGODB_DB, PORT and JWT_SECRET.
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { verifiedUserId } from '../access-token.js';
import { runBaselineServer } from './baseline-server.js';

await runBaselineServer('ws relay', (tokens) => {
  const sockets = new Map<string, Set<WebSocket>>();
  const httpServer = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  httpServer.on('upgrade', (req, socket, head) => {
    socket.on('error', () => undefined);
    const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
    void verifiedUserId(tokens, token).then((userId) => {
      if (userId === null) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        // Registered before the client sees the upgrade complete.
        let set = sockets.get(userId);
        if (!set) {
          set = new Set();
          sockets.set(userId, set);
        }
        set.add(ws);
        ws.on('error', () => undefined);
        ws.on('close', () => {
          set.delete(ws);
          if (set.size === 0) sockets.delete(userId);
        });
      });
    });
  });
  return {
    httpServer,
    deliver: (doc) => {
      const userId: unknown = doc.userId;
      const set = typeof userId === 'string' ? sockets.get(userId) : undefined;
      if (!set) return;
      const text = JSON.stringify({ kind: 'created', notification: doc });
      for (const ws of set) ws.send(text);
    },
    close: () => {
      for (const ws of wss.clients) ws.terminate();
      httpServer.close();
      return Promise.resolve();
    },
  };
});
