import { useEffect } from 'react';
import { ApiProvider, useSocket } from './api-provider.js';
import { AdminPage } from './components/admin-page.js';
import { AppHeader } from './components/app-header.js';
import { HomePage } from './components/home-page.js';
import { SignInPage } from './components/sign-in-page.js';
import { useConnectionStatus } from './connection-status.js';
import { useLiveAnnouncer } from './live-announcer.js';
import { useRoute } from './route.js';
import { clearSession, useSession, type Session } from './session.js';
import { useInbox } from './use-inbox.js';
import type { TRPCWebSocketClient } from '@trpc/client';

export function App() {
  const session = useSession();
  if (session === null) {
    return (
      <ApiProvider token={null}>
        <SignInPage />
      </ApiProvider>
    );
  }
  // Keyed by token: a new session gets a new socket and an empty cache.
  return (
    <ApiProvider key={session.token} token={session.token}>
      <SignedInApp session={session} />
    </ApiProvider>
  );
}

function SignedInApp({ session }: { session: Session }) {
  const socket = useSocket();
  // The provider of a signed-in session always has a socket.
  return socket === null ? null : <Shell session={session} socket={socket} />;
}

function Shell({ session, socket }: { session: Session; socket: TRPCWebSocketClient }) {
  const route = useRoute();
  const status = useConnectionStatus(socket);
  const announcer = useLiveAnnouncer();
  const inbox = useInbox((notification) => announcer.announce(notification.title));
  useSignOutAtExpiry(session);

  return (
    <div className="app">
      <AppHeader session={session} route={route} inbox={inbox} status={status} />
      <main className="app-main">
        {route === 'admin' && session.role === 'admin' ? (
          <AdminPage />
        ) : (
          <HomePage session={session} inbox={inbox} status={status} />
        )}
      </main>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcer.message}
      </div>
    </div>
  );
}

/** Ends the session when its token expires, instead of waiting for the server to refuse it. */
function useSignOutAtExpiry(session: Session): void {
  useEffect(() => {
    // setTimeout takes at most 2^31-1 ms (about 24.8 days).
    const delay = Math.min(Date.parse(session.expiresAt) - Date.now(), 2 ** 31 - 1);
    const timer = window.setTimeout(clearSession, Math.max(0, delay));
    return () => window.clearTimeout(timer);
  }, [session.expiresAt]);
}
