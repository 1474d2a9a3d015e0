import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  wsLink,
  type TRPCClient,
  type TRPCLink,
} from '@trpc/client';
import { freshTokenEventSource } from './fresh-token-event-source.js';
import type { LivebellRouter } from './livebell-router.js';
import { reconnectDelayMs } from './reconnect-delay.js';

/** How the live subscription reaches the browser: one WebSocket, or server-sent events over HTTP. */
export type LivebellTransport = 'websocket' | 'sse';

/**
 * Returns the current access token (a JWT the livebell server accepts), or
 * null when there is none. Called for every request and every (re)connect,
 * so a rotated or refreshed token is used from the next one on.
 */
export type GetToken = () => Promise<string | null> | string | null;

export interface LivebellClientOptions {
  /** The tRPC endpoint: a path on this origin (`/trpc`) or an absolute URL (`https://api.example.com/trpc`). */
  url: string;
  getToken: GetToken;
  transport: LivebellTransport;
  /** The key under which the host app mounted livebell's router in its own, when it did. */
  routerKey?: string | undefined;
}

export interface LivebellClient {
  trpc: TRPCClient<LivebellRouter>;
  /** Ends the live connection (the WebSocket; an SSE stream ends with its subscription). */
  close(): void;
}

/**
 * The WebSocket URL for a tRPC endpoint: the same host and path, `ws:` for
 * `http:` and `wss:` for `https:`; a path is resolved against `base`.
 */
export function webSocketUrl(url: string, base: string): string {
  const resolved = new URL(url, base);
  resolved.protocol = resolved.protocol === 'https:' ? 'wss:' : 'ws:';
  return resolved.href;
}

/**
 * Mutations (POST) survive the page unloading: opening a notification whose
 * link leaves the page marks it read in the same click.
 */
const keepMutationsAlive = (input: RequestInfo | URL, init?: RequestInit) =>
  fetch(input, { ...init, keepalive: init?.method === 'POST' });

/** Prefixes every call's path with the key the host app mounted livebell's router under. */
export function mountedUnder(routerKey: string): TRPCLink<LivebellRouter> {
  return () =>
    ({ op, next }) =>
      next({ ...op, path: `${routerKey}.${op.path}` });
}

/**
 * A client for one signed-in user: queries and mutations over HTTP with the
 * bearer token, the subscription over the chosen transport with the token in
 * tRPC's connection params (neither WebSockets nor EventSource can send
 * headers). On a reconnect tRPC resubscribes by itself, passing the id of
 * the last event received as `lastEventId`.
 */
export function createLivebellClient({ url, getToken, transport, routerKey }: LivebellClientOptions): LivebellClient {
  const connectionParams = async (): Promise<Record<string, string>> => {
    const token = await getToken();
    return token === null ? {} : { token };
  };
  let close = () => {};
  let live: TRPCLink<LivebellRouter>;
  if (transport === 'websocket') {
    const socket = createWSClient({
      url: () => webSocketUrl(url, window.location.href),
      connectionParams,
      retryDelayMs: reconnectDelayMs,
      // Opens with the first subscription rather than at creation: a client
      // React makes and discards (StrictMode runs state initializers twice in
      // development) never opens a socket. The subscription lives as long as
      // the provider, so the socket does too.
      lazy: { enabled: true, closeMs: 0 },
      // A socket can die without a close frame (sleep, network switch); a missed
      // pong notices it within seconds instead of at the next TCP timeout.
      keepAlive: { enabled: true, intervalMs: 5_000, pongTimeoutMs: 2_000 },
    });
    live = wsLink<LivebellRouter>({ client: socket });
    close = () => void socket.close();
  } else {
    // Its reconnects ask getToken again and resume from the last event, as the WebSocket client's do.
    const EventSource = freshTokenEventSource(connectionParams, reconnectDelayMs);
    live = httpSubscriptionLink<LivebellRouter, typeof EventSource>({ url, connectionParams, EventSource });
  }
  const trpc = createTRPCClient<LivebellRouter>({
    links: [
      ...(routerKey === undefined ? [] : [mountedUnder(routerKey)]),
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: live,
        false: httpBatchLink({
          url,
          headers: async (): Promise<Record<string, string>> => {
            const token = await getToken();
            return token === null ? {} : { authorization: `Bearer ${token}` };
          },
          fetch: keepMutationsAlive,
        }),
      }),
    ],
  });
  return { trpc, close };
}
