// The page's client for the app's own procedures: plain HTTP with the app's
// token as a bearer. The bell has its own client inside LivebellProvider.
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../server/app-router.js';

export function appClient(token: string | null) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: '/trpc',
        headers: (): Record<string, string> => (token === null ? {} : { authorization: `Bearer ${token}` }),
      }),
    ],
  });
}
