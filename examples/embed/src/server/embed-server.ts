// The example app's server: one HTTP port serving its JWKS, its tRPC router
// (its own procedures and livebell's) over HTTP and SSE, and the same router
// over WebSocket, the way any tRPC 11 app serves itself.
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLivebell, jwksAuth } from '@livebell/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import type { TRPCRequestInfo } from '@trpc/server/http';
import { MongoClient } from 'mongodb';
import { WebSocketServer } from 'ws';
import { appRouter, type AppContext } from './app-router.js';
import { AUDIENCE, ISSUER, JWKS_PATH, createIdentityProvider } from './identity-provider.js';

export interface EmbedServerOptions {
  mongodbUri: string;
  dbName: string;
  /** 0 picks a free port. */
  port: number;
}

export interface EmbedServer {
  /** `http://127.0.0.1:PORT`: tRPC at `/trpc`, the JWKS at JWKS_PATH. */
  url: string;
  stop(): Promise<void>;
}

/** The token a client presents: `Authorization: Bearer`, or `token` in tRPC's connection params (browsers send no headers on a WebSocket or an EventSource). */
function tokenOf(req: IncomingMessage, info: TRPCRequestInfo): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length);
  return info.connectionParams?.token ?? null;
}

export async function startEmbedServer(options: EmbedServerOptions): Promise<EmbedServer> {
  const identity = await createIdentityProvider();
  const mongoClient = await MongoClient.connect(options.mongodbUri);
  const server = createServer();
  server.listen(options.port, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // livebell checks the app's tokens against the app's JWKS, fetched over HTTP like any provider's.
  const lb = createLivebell({
    mongoClient,
    dbName: options.dbName,
    auth: jwksAuth({ url: `${url}${JWKS_PATH}`, issuer: ISSUER, audience: AUDIENCE }),
  });
  await lb.start();

  const router = appRouter(lb, identity);
  const createContext = async (opts: { req: IncomingMessage; info: TRPCRequestInfo }): Promise<AppContext> => {
    const token = tokenOf(opts.req, opts.info);
    return {
      userName: token === null ? null : await identity.verify(token),
      livebell: await lb.createContext(opts),
    };
  };
  const trpc = createHTTPHandler({ router, createContext, basePath: '/trpc/' });
  server.on('request', (req, res) => {
    if (req.url === JWKS_PATH) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(identity.jwks));
    } else if (req.url?.startsWith('/trpc/')) {
      trpc(req, res);
    } else {
      res.writeHead(404).end();
    }
  });
  const wss = new WebSocketServer({ server, path: '/trpc' });
  const handler = applyWSSHandler({ wss, router, createContext });

  return {
    url,
    async stop() {
      handler.broadcastReconnectNotification();
      wss.close();
      for (const socket of wss.clients) socket.terminate();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await lb.stop();
      await mongoClient.close();
    },
  };
}
