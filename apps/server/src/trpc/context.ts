// Builds the tRPC context from an HTTP request or a WebSocket connection.
// Authentication happens here once per request or connection; procedures
// that need a user go through `authedProcedure`, which refuses with the
// reason recorded here.
import type { IncomingMessage } from 'node:http';
import type { CreateHTTPContextOptions } from '@trpc/server/adapters/standalone';
import type { TRPCRequestInfo } from '@trpc/server/http';
import { WebSocket } from 'ws';
import type { AuthUser } from '../auth/access-tokens.js';
import type { Services } from '../services.js';

export interface Context {
  services: Services;
  /** The verified user, or null when no valid token was presented. */
  user: AuthUser | null;
  /** Why `user` is null: "missing token", "invalid token", "token expired", ... */
  authError: string;
  /** The WebSocket the call arrived on; null over HTTP. Lets the server drop a subscriber that is too slow. */
  socket: WebSocket | null;
}

export function createContextFactory(services: Services) {
  async function authenticate(token: string | null): Promise<Pick<Context, 'user' | 'authError'>> {
    if (!token) return { user: null, authError: 'missing token' };
    const result = await services.tokens.verify(token);
    return result.ok ? { user: result.user, authError: '' } : { user: null, authError: result.reason };
  }

  return {
    http: async ({ req }: CreateHTTPContextOptions): Promise<Context> => ({
      services,
      socket: null,
      ...(await authenticate(bearerToken(req))),
    }),
    // `res` is the ws WebSocket (typed loosely here: tRPC's declaration of it does not resolve `ws` types).
    ws: async ({ res, info }: { res: unknown; info: TRPCRequestInfo }): Promise<Context> => {
      const token = info.connectionParams?.token;
      const socket = res instanceof WebSocket ? res : null;
      return { services, socket, ...(await authenticate(typeof token === 'string' ? token : null)) };
    },
  };
}

function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
