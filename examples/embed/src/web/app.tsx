// The example app's page: its own sign-in and greeting, and livebell's bell
// in its header. `?transport=sse` picks SSE for the bell's live stream;
// WebSocket is the default.
import { ConnectionIndicator, LivebellProvider, NotificationBell, type LivebellTransport } from '@livebell/react';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { appClient } from './app-client.js';

const transport: LivebellTransport =
  new URLSearchParams(window.location.search).get('transport') === 'sse' ? 'sse' : 'websocket';

export function App() {
  const [token, setToken] = useState<string | null>(null);
  const [userName, setUserName] = useState('');
  const [greeting, setGreeting] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const client = useMemo(() => appClient(token), [token]);

  useEffect(() => {
    if (token === null) return;
    client.app.greeting.query().then(setGreeting, (cause: unknown) => setError(String(cause)));
  }, [client, token]);

  const signIn = (event: FormEvent) => {
    event.preventDefault();
    client.app.signIn.mutate({ userName }).then(
      (result) => setToken(result.token),
      (cause: unknown) => setError(String(cause)),
    );
  };

  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 720, margin: '2rem auto' }}>
      <header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
        <h1>Example app</h1>
        {token !== null && (
          <LivebellProvider
            key={userName}
            url="/trpc"
            routerKey="livebell"
            transport={transport}
            getToken={() => token}
          >
            <ConnectionIndicator /> <NotificationBell />
          </LivebellProvider>
        )}
      </header>
      {token === null ? (
        <form onSubmit={signIn}>
          <label>
            User name <input value={userName} onChange={(event) => setUserName(event.target.value)} />
          </label>{' '}
          <button type="submit">Sign in</button>
        </form>
      ) : (
        <p>{greeting ?? 'Loading…'}</p>
      )}
      {error !== null && <p role="alert">{error}</p>}
      <p>
        Bell transport: {transport} (<a href={transport === 'sse' ? '?' : '?transport=sse'}>switch</a>)
      </p>
    </main>
  );
}
