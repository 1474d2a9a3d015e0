import { useConnection, useUnreadCount } from '@livebell/react';
import { useEffect } from 'react';
import { ApiProvider } from './api-provider.js';
import { AdminOnlyNotice, AdminPage } from './components/admin-page.js';
import { AppHeader } from './components/app-header.js';
import { HomePage } from './components/home-page.js';
import { OperationsPage } from './components/operations-page.js';
import { SignInPage } from './components/sign-in-page.js';
import { useRoute, type Route } from './route.js';
import { useSession, useSignOutAtExpiry, type Session } from './session.js';

export function App() {
  const session = useSession();
  if (session === null) {
    return (
      <ApiProvider token={null}>
        <SignInPage />
      </ApiProvider>
    );
  }
  // Keyed by token: a new session gets a new connection and an empty cache.
  return (
    <ApiProvider key={session.token} token={session.token}>
      <SignedInApp session={session} />
    </ApiProvider>
  );
}

function SignedInApp({ session }: { session: Session }) {
  const route = useRoute();
  useSignOutAtExpiry(session);
  useUnreadInTitle(useUnreadCount());

  return (
    <div className="app">
      <AppHeader session={session} route={route} />
      <main className="app-main">
        <Page route={route} session={session} />
      </main>
    </div>
  );
}

/** What each route shows; a new page is one more case here and one more entry in `route.ts`. */
function Page({ route, session }: { route: Route; session: Session }) {
  const connection = useConnection();
  switch (route) {
    case 'home':
      return <HomePage session={session} connection={connection} />;
    case 'admin':
      return session.role === 'admin' ? <AdminPage /> : <AdminOnlyNotice />;
    case 'operations':
      return session.role === 'admin' ? <OperationsPage /> : <AdminOnlyNotice />;
  }
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
