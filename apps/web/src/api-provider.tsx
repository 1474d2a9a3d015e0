import { LivebellProvider, retryUnlessFinal, trpcErrorCode } from '@livebell/react';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { API_URL, createAppClient } from './api-client.js';
import { clearSession, readSession } from './session.js';
import { TRANSPORT } from './transport.js';
import { trpc } from './trpc.js';

/** The server refused the token (expired, or signed with another secret): the session is over. */
function endSessionIfUnauthorized(error: unknown): void {
  if (trpcErrorCode(error) === 'UNAUTHORIZED') clearSession();
}

function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: endSessionIfUnauthorized }),
    mutationCache: new MutationCache({ onError: endSessionIfUnauthorized }),
    defaultOptions: {
      // The bell's own rule: up to three tries, none for an answer a retry cannot change.
      queries: { retry: retryUnlessFinal },
    },
  });
}

/** The session's current token, read at each request and (re)connect. */
const currentToken = () => readSession()?.token ?? null;

/**
 * tRPC and TanStack Query for the signed-in session, or for being signed out
 * (`token` null); signed in, also the live bell's connection. Render it keyed
 * by the token: a new session gets a new connection and an empty cache, so
 * one user's notifications never show to the next. The bell shares the app's
 * QueryClient, so the server's health is fetched once for both.
 */
export function ApiProvider({ token, children }: { token: string | null; children: ReactNode }) {
  const [client] = useState(() => createAppClient(token));
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <trpc.Provider client={client} queryClient={queryClient}>
        {token === null ? (
          children
        ) : (
          <LivebellProvider
            url={API_URL}
            // The user's tabs share one live connection and one desktop alert per notification.
            userId={readSession()?.userId}
            getToken={currentToken}
            transport={TRANSPORT}
            queryClient={queryClient}
            onUnauthorized={clearSession}
          >
            {children}
          </LivebellProvider>
        )}
      </trpc.Provider>
    </QueryClientProvider>
  );
}
