import { useEffect } from 'react';
import { ApiProvider, useSessionSocket } from './api-provider.js';
import { AdminOnlyNotice, AdminPage } from './components/admin-page.js';
import { AppHeader } from './components/app-header.js';
import { HomePage } from './components/home-page.js';
import { SignInPage } from './components/sign-in-page.js';
import { useConnectionStatus } from './connection-status.js';
import { useLiveAnnouncer } from './live-announcer.js';
import { useRoute } from './route.js';
import { useServerHealth } from './server-health.js';
import { useSession, useSignOutAtExpiry, type Session } from './session.js';
import { useInbox } from './use-inbox.js';

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
  const socket = useSessionSocket();
  const route = useRoute();
  // Until health answers, assume the server watches: that is its normal state.
  const streaming = useServerHealth().data?.changeStreams.isWatching ?? true;
  const status = useConnectionStatus(socket, streaming);
  const announcer = useLiveAnnouncer();
  const inbox = useInbox({ streaming, onCreated: (notification) => announcer.announce(notification.title) });
  useSignOutAtExpiry(session);
  useUnreadInTitle(inbox.unreadCount);

  return (
    <div className="app">
      <AppHeader session={session} route={route} inbox={inbox} status={status} />
      <main className="app-main">
        {route === 'home' ? (
          <HomePage session={session} inbox={inbox} status={status} />
        ) : session.role === 'admin' ? (
          <AdminPage />
        ) : (
          <AdminOnlyNotice />
        )}
      </main>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcer.message}
      </div>
    </div>
  );
}

/** Puts the unread count in the tab's title, "(3) livebell", so a background tab shows it too. */
function useUnreadInTitle(unreadCount: number | null): void {
  useEffect(() => {
    document.title = unreadCount ? `(${unreadCount}) livebell` : 'livebell';
    return () => {
      document.title = 'livebell';
    };
  }, [unreadCount]);
}
