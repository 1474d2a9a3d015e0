// Builds the tRPC context from an HTTP request or a WebSocket connection.
// Authentication happens here once per request or connection, through the
// auth function livebell was created with; procedures that need a user go
// through `authedProcedure`, which refuses with the reason recorded here.
//
// livebell's context lives under `livebell` in the tRPC context, so that a
// host application can mount livebell's router beside its own procedures:
// its createContext returns `{ ...its own, livebell: await lb.createContext(opts) }`.
import { ServerResponse, type IncomingMessage } from 'node:http';
import { TRPCError } from '@trpc/server';
import type { CreateHTTPContextOptions } from '@trpc/server/adapters/standalone';
import type { TRPCRequestInfo } from '@trpc/server/http';
import { WebSocket } from 'ws';
import type { AuthRefusal, AuthUser } from '../auth/access-tokens.js';
import { authenticate, type LivebellAuth } from '../auth/livebell-auth.js';
import type { Limits } from '../config.js';
import type { SocketAdmission } from '../http/socket-admission.js';
import { SseTransport, unknownTransport, WebSocketTransport } from '../http/subscriber-transports.js';
import type { SubscriberTransport } from '../live-delivery/subscriber-transport.js';
import type { Services } from '../services.js';
import { ConnectionExpiry } from './connection-expiry.js';
import { SubscriptionSlots } from './subscription-slots.js';

export interface Context {
  services: Services;
  /** The verified user, or null when no valid token was presented. */
  user: AuthUser | null;
  /** Why `user` is null; null with a user. */
  authError: AuthRefusal | null;
  /** When the credentials of `user` expire (epoch ms); null without a user or an expiry. */
  expiresAt: number | null;
  /** The WebSocket the call arrived on; null over HTTP. */
  socket: WebSocket | null;
  /**
   * What a subscription delivers over (the WebSocket, or the HTTP response an
   * SSE subscription streams into): lets live delivery measure and cut a
   * subscriber that is too slow.
   */
  transport: SubscriberTransport;
  /** The connection's open subscriptions (one context per WebSocket, one per HTTP request). */
  subscriptions: SubscriptionSlots;
}

/** What a tRPC context must hold for livebell's procedures: the host's own fields may sit beside it. */
export interface LivebellHostContext {
  livebell: Context;
}

/**
 * What tRPC's adapters hand a createContext function (standalone, ws,
 * Express, Fastify, ...): the request, the response (the ws WebSocket for
 * a WebSocket connection) and the request info with its connection params.
 */
export interface ContextRequest {
  req: IncomingMessage;
  res?: unknown;
  info: TRPCRequestInfo;
}

export type CreateLivebellContext = (request: ContextRequest) => Promise<Context>;

export interface LivebellContextOptions {
  services: Services;
  auth: LivebellAuth;
  /** Open subscriptions one connection may hold. */
  subscriptionsPerConnection: number;
}

/** livebell's part of the context: the caller, authenticated once, and the connection's subscription slots. */
export function createLivebellContextFactory(options: LivebellContextOptions): CreateLivebellContext {
  const { services, auth, subscriptionsPerConnection } = options;
  const expiry = new ConnectionExpiry();
  return async ({ req, res, info }) => {
    const socket = res instanceof WebSocket ? res : null;
    const stream: ServerResponse | null = info.type === 'subscription' && res instanceof ServerResponse ? res : null;
    const connectionParams = info.connectionParams;
    const authentication = await authenticate(auth, { req, connectionParams }, services.logger);
    const { expiresAt } = authentication;
    // An SSE stream is one response, authenticated once like a WebSocket: it ends at the expiry too.
    const connection = socket ?? stream;
    if (expiresAt !== null && connection !== null) expiry.endAt(connection, expiresAt);
    return {
      services,
      socket,
      transport: socket ? new WebSocketTransport(socket) : stream ? new SseTransport(stream) : unknownTransport,
      subscriptions: new SubscriptionSlots(subscriptionsPerConnection, services.metrics),
      ...authentication,
    };
  };
}

/** The standalone server's contexts: livebell's, plus the limits its own HTTP and WebSocket layer enforces. */
export function createContextFactory(
  livebellContext: CreateLivebellContext,
  services: Services,
  limits: Limits,
  admission: SocketAdmission,
) {
  return {
    http: async ({ req, res, info }: CreateHTTPContextOptions): Promise<LivebellHostContext> => {
      const context = await livebellContext({ req, res, info });
      // Signed-in batches are bounded by the handler's maxBatchSize before this runs.
      if (context.user === null && info.calls.length > limits.anonymousBatch) {
        services.metrics.rejected('calls_per_batch');
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `Batch of ${info.calls.length} calls without a valid token: at most ${limits.anonymousBatch}`,
        });
      }
      return { livebell: context };
    },
    // `res` is the ws WebSocket (typed loosely here: tRPC's declaration of it does not resolve `ws` types).
    ws: async ({ req, res, info }: ContextRequest): Promise<LivebellHostContext> => {
      const context = await livebellContext({ req, res, info });
      if (!context.socket || context.user === null) return { livebell: context };
      const admitted = admission.admit(context.socket, context.user.id);
      if (admitted === 'over limit') {
        throw new TRPCError({
          code: 'TOO_MANY_REQUESTS',
          message: `Too many open connections for this user: at most ${limits.connectionsPerUser}`,
        });
      }
      if (admitted === 'gone') {
        throw new TRPCError({ code: 'CLIENT_CLOSED_REQUEST', message: 'The connection closed before it was set up' });
      }
      return { livebell: context };
    },
  };
}
