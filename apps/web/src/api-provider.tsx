import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { TRPCWebSocketClient } from '@trpc/client';
import { createContext, useContext, type ReactNode } from 'react';
import { createAnonymousClient, createSessionClient, type ApiClient } from './api-client.js';
import { clearSession } from './session.js';
import { trpcErrorCode } from './trpc-error.js';
import { TRPCProvider } from './trpc.js';

/** tRPC error codes that a retry cannot fix. */
const FINAL_CODES = new Set(['BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'PARSE_ERROR']);

/** The server refused the token (expired, or signed with another secret): the session is over. */
export function endSessionIfUnauthorized(error: unknown): void {
  if (trpcErrorCode(error) === 'UNAUTHORIZED') clearSession();
}

function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: endSessionIfUnauthorized }),
    mutationCache: new MutationCache({ onError: endSessionIfUnauthorized }),
    defaultOptions: {
      queries: {
        retry: (failures, error) => failures < 3 && !FINAL_CODES.has(trpcErrorCode(error) ?? ''),
      },
    },
  });
}

const SocketContext = createContext<TRPCWebSocketClient | null>(null);

/** The signed-in session's WebSocket client. Only for components under a signed-in `ApiProvider`. */
export function useSessionSocket(): TRPCWebSocketClient {
  const socket = useContext(SocketContext);
  if (socket === null) throw new Error('useSessionSocket is for components under a signed-in ApiProvider');
  return socket;
}

interface Connection {
  token: string | null;
  api: ApiClient;
  queryClient: QueryClient;
}

let current: Connection | null = null;

/**
 * The tab's one connection, for the token signed in now. A different token
 * (sign-out, another user) closes the previous socket and drops its cache, so
 * one user's notifications never show to the next. Kept outside React so that
 * the socket opens once per sign-in, however often components remount.
 */
function connectionFor(token: string | null): Connection {
  if (current === null || current.token !== token) {
    current?.api.close();
    current?.queryClient.clear();
    const api = token === null ? createAnonymousClient() : createSessionClient(token);
    current = { token, api, queryClient: createQueryClient() };
  }
  return current;
}

/** tRPC and TanStack Query for the signed-in session, or for being signed out (`token` null). */
export function ApiProvider({ token, children }: { token: string | null; children: ReactNode }) {
  const { api, queryClient } = connectionFor(token);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={api.trpc} queryClient={queryClient}>
        <SocketContext value={api.socket}>{children}</SocketContext>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
