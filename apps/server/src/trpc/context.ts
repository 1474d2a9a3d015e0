// Builds the tRPC context from an HTTP request or a WebSocket connection.
// Authentication happens here once per request or connection; procedures
// that need a user go through `authedProcedure`, which refuses with the
// reason recorded here.
import { TRPCError } from '@trpc/server';
import type { CreateHTTPContextOptions } from '@trpc/server/adapters/standalone';
import type { TRPCRequestInfo } from '@trpc/server/http';
import { WebSocket } from 'ws';
import type { AuthRefusal, AuthUser } from '../auth/access-tokens.js';
import { bearerToken } from '../auth/bearer-token.js';
import type { Limits } from '../config.js';
import { CLOSE_CODES } from '../http/close-codes.js';
import type { SocketAdmission } from '../http/socket-admission.js';
import type { Services } from '../services.js';
import { SubscriptionSlots } from './subscription-slots.js';

export interface Context {
  services: Services;
  /** The verified user, or null when no valid token was presented. */
  user: AuthUser | null;
  /** Why `user` is null; null with a user. */
  authError: AuthRefusal | null;
  /** When the token of `user` expires (epoch ms); null without a user. */
  expiresAt: number | null;
  /** The WebSocket the call arrived on; null over HTTP. Lets the server drop a subscriber that is too slow. */
  socket: WebSocket | null;
  /** The connection's open subscriptions (one context per WebSocket, one per HTTP request). */
  subscriptions: SubscriptionSlots;
}

export function createContextFactory(services: Services, limits: Limits, admission: SocketAdmission) {
  async function authenticate(token: string | null): Promise<Pick<Context, 'user' | 'authError' | 'expiresAt'>> {
    if (!token) return { user: null, authError: 'missing token', expiresAt: null };
    const result = await services.tokens.verify(token);
    return result.ok
      ? { user: result.user, authError: null, expiresAt: result.expiresAt.getTime() }
      : { user: null, authError: result.reason, expiresAt: null };
  }

  return {
    http: async ({ req, res, info }: CreateHTTPContextOptions): Promise<Context> => {
      // EventSource sends no headers: an SSE subscription brings its token in tRPC's connection params.
      const auth = await authenticate(bearerToken(req) ?? connectionParamsToken(info));
      // Signed-in batches are bounded by the handler's maxBatchSize before this runs.
      if (auth.user === null && info.calls.length > limits.anonymousBatch) {
        services.metrics.rejected('calls_per_batch');
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `Batch of ${info.calls.length} calls without a valid token: at most ${limits.anonymousBatch}`,
        });
      }
      // An SSE stream is one response, authenticated once like a WebSocket: it ends at the token's expiry.
      if (info.type === 'subscription' && auth.expiresAt !== null)
        endAtExpiry(res, auth.expiresAt, () => res.destroy());
      return {
        services,
        socket: null,
        subscriptions: new SubscriptionSlots(limits.subscriptionsPerConnection, services.metrics),
        ...auth,
      };
    },
    // `res` is the ws WebSocket (typed loosely here: tRPC's declaration of it does not resolve `ws` types).
    ws: async ({ res, info }: { res: unknown; info: TRPCRequestInfo }): Promise<Context> => {
      const socket = res instanceof WebSocket ? res : null;
      const auth = await authenticate(connectionParamsToken(info));
      if (socket && auth.user !== null) {
        if (!admission.admit(socket, auth.user.id)) {
          throw new TRPCError({
            code: 'TOO_MANY_REQUESTS',
            message: `Too many open connections for this user: at most ${limits.connectionsPerUser}`,
          });
        }
        if (auth.expiresAt !== null) {
          endAtExpiry(socket, auth.expiresAt, () => socket.close(CLOSE_CODES.TOKEN_EXPIRED, 'token expired'));
        }
      }
      return {
        services,
        socket,
        subscriptions: new SubscriptionSlots(limits.subscriptionsPerConnection, services.metrics),
        ...auth,
      };
    },
  };
}

/** setTimeout's longest delay; a longer wait is taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A connection is authenticated once, so it must not outlive its token: at
 * the expiry the server ends it (a WebSocket with close 4401, an SSE stream by
 * dropping its response, which frees its subscription as a client leaving
 * would). The client reconnects with the token it has: a fresh one carries on
 * where it stopped (its subscription resumes from its last event), an expired
 * one is refused with UNAUTHORIZED "token expired".
 */
function endAtExpiry(
  connection: { once(event: 'close', listener: () => void): unknown },
  expiresAt: number,
  end: () => void,
): void {
  let timer: NodeJS.Timeout;
  const wait = () => {
    const remaining = expiresAt - Date.now();
    if (remaining <= 0) {
      end();
      return;
    }
    timer = setTimeout(wait, Math.min(remaining, MAX_TIMER_MS));
    timer.unref();
  };
  wait();
  connection.once('close', () => clearTimeout(timer));
}

/** The `token` of tRPC's connection params (WebSocket and SSE clients send them), or null. */
function connectionParamsToken(info: TRPCRequestInfo): string | null {
  const token = info.connectionParams?.token;
  return typeof token === 'string' ? token : null;
}
