import type { AppRouter } from '@livebell/server';
import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';

/**
 * The app talks to its own origin: Vite's dev and preview servers, or whatever
 * serves the built files in production, pass /trpc (HTTP and WebSocket) on to
 * the livebell server.
 */
export const API_URL = '/trpc';

/**
 * The app's own client for its pages' queries and mutations, over HTTP with
 * the signed-in session's bearer token (none while signed out). The bell's
 * live connection belongs to `LivebellProvider`.
 */
export function createAppClient(token: string | null): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: API_URL,
        headers: (): Record<string, string> => (token === null ? {} : { authorization: `Bearer ${token}` }),
      }),
    ],
  });
}
