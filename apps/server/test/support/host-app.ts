// Someone else's tRPC server: its own context (a `user` of its own shape),
// its own procedure, its own sessions, and livebell mounted under a key of
// its router through the factory, the way the README tells an embedder to.
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { initTRPC } from '@trpc/server';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import type { TRPCRequestInfo } from '@trpc/server/http';
import { WebSocketServer } from 'ws';
import type { AuthOutcome, Livebell, LivebellContext } from '../../src/index.js';

/** The host's sessions: an opaque id it issued, and who it belongs to. */
export const HOST_SESSIONS = new Map([
  ['session-ada', { userId: 'ada', displayName: 'Ada Lovelace', admin: false }],
  ['session-grace', { userId: 'grace', displayName: 'Grace Hopper', admin: true }],
]);

interface HostUser {
  displayName: string;
}

interface HostContext {
  /** The host's own idea of a user; livebell's procedures never see it, and it never sees livebell's. */
  user: HostUser | null;
  livebell: LivebellContext;
}

interface ContextOptions {
  req: IncomingMessage;
  res?: unknown;
  info: TRPCRequestInfo;
}

/** The session a client presents: `session` in the connection params, or an `x-session` header. */
function sessionOf({
  req,
  connectionParams,
}: {
  req: IncomingMessage;
  connectionParams: TRPCRequestInfo['connectionParams'];
}) {
  const header = req.headers['x-session'];
  const id = connectionParams?.session ?? (typeof header === 'string' ? header : undefined);
  return id === undefined ? undefined : HOST_SESSIONS.get(id);
}

/** The host's auth function, handed to createLivebell: livebell asks it who is calling. */
export async function hostAuth(request: {
  req: IncomingMessage;
  connectionParams: TRPCRequestInfo['connectionParams'];
}): Promise<AuthOutcome> {
  // Async, as a real session lookup would be.
  await Promise.resolve();
  const session = sessionOf(request);
  return session ? { userId: session.userId, role: session.admin ? 'admin' : 'user' } : null;
}

/** The host's router, livebell mounted under `livebell`. */
export function hostRouter(lb: Livebell) {
  const t = initTRPC.context<HostContext>().create();
  return t.router({
    whoAmI: t.procedure.query(({ ctx }) => ctx.user?.displayName ?? 'anonymous'),
    livebell: lb.router,
  });
}

export type HostRouter = ReturnType<typeof hostRouter>;

export interface HostApp {
  /** `http://127.0.0.1:PORT/trpc`; WebSockets at `ws://127.0.0.1:PORT/trpc`. */
  url: string;
  stop(): Promise<void>;
}

/** Serves the host's router over HTTP and WebSocket on one free port. */
export async function startHostApp(lb: Livebell): Promise<HostApp> {
  const router = hostRouter(lb);
  const createContext = async (opts: ContextOptions): Promise<HostContext> => {
    const session = sessionOf({ req: opts.req, connectionParams: opts.info.connectionParams });
    return { user: session ? { displayName: session.displayName } : null, livebell: await lb.createContext(opts) };
  };
  const server = createHTTPServer({ router, createContext, basePath: '/trpc/' });
  const wss = new WebSocketServer({ server, path: '/trpc' });
  const handler = applyWSSHandler({ wss, router, createContext });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/trpc`,
    async stop() {
      handler.broadcastReconnectNotification();
      for (const socket of wss.clients) socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
