import type { AppRouter } from '@livebell/server';
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  splitLink,
  wsLink,
  type TRPCClient,
  type TRPCWebSocketClient,
} from '@trpc/client';

// The app talks to its own origin: Vite's dev and preview servers, or whatever
// serves the built files in production, pass /trpc (HTTP and WebSocket) on to
// the livebell server.
const HTTP_URL = '/trpc';

function webSocketUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}/trpc`;
}

/**
 * Reconnect delay: quick at first, then exponential up to 5 s, with jitter so
 * that clients cut off together (a server restart) do not return together.
 * The cap keeps a laptop that wakes up from waiting long to be live again.
 */
export function reconnectDelayMs(attempt: number): number {
  const ceiling = Math.min(5_000, 250 * 2 ** attempt);
  return attempt === 0 ? 0 : Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * Mutations (POST) survive the page unloading: opening a notification whose
 * link leaves the page marks it read in the same click.
 */
const keepMutationsAlive = (input: RequestInfo | URL, init?: RequestInit) =>
  fetch(input, { ...init, keepalive: init?.method === 'POST' });

export interface ApiClient {
  trpc: TRPCClient<AppRouter>;
  /** Present when signed in: the one WebSocket that carries subscriptions. */
  socket: TRPCWebSocketClient | null;
  close(): void;
}

/** A client for the signed-out app: plain HTTP, no socket. */
export function createAnonymousClient(): ApiClient {
  return { trpc: createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: HTTP_URL })] }), socket: null, close() {} };
}

/**
 * A client for one signed-in session: queries and mutations over HTTP with
 * the bearer token, subscriptions over one WebSocket that sends the token as
 * its connection params. On a reconnect tRPC resubscribes by itself, passing
 * the id of the last event each subscription received as `lastEventId`.
 */
export function createSessionClient(token: string): ApiClient {
  const socket = createWSClient({
    url: webSocketUrl,
    connectionParams: () => ({ token }),
    retryDelayMs: reconnectDelayMs,
    // A socket can die without a close frame (sleep, network switch); a missed
    // pong notices it within seconds instead of at the next TCP timeout.
    keepAlive: { enabled: true, intervalMs: 5_000, pongTimeoutMs: 2_000 },
  });
  const trpc = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink<AppRouter>({ client: socket }),
        false: httpBatchLink({
          url: HTTP_URL,
          headers: () => ({ authorization: `Bearer ${token}` }),
          fetch: keepMutationsAlive,
        }),
      }),
    ],
  });
  return { trpc, socket, close: () => void socket.close() };
}
