import { QueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { InboxEngine } from './inbox-engine.js';
import { createLivebellClient, type GetToken, type LivebellClient, type LivebellTransport } from './livebell-client.js';
import { browserLocale, createSettings, SettingsContext, type LivebellTheme } from './livebell-settings.js';
import type { LivebellStrings } from './strings/livebell-strings.js';
import { livebellTrpc } from './trpc.js';

export interface LivebellProviderProps {
  /** The livebell tRPC endpoint: a path on this origin (`/trpc`) or an absolute URL. */
  url: string;
  /**
   * The signed-in user's id. With it, the user's tabs in this browser share
   * one live connection and one desktop alert per notification; without it
   * (or where the browser lacks Web Locks or BroadcastChannel) each tab
   * keeps its own connection.
   */
  userId?: string;
  /** The signed-in user's current token; called on every request and every (re)connect. */
  getToken: GetToken;
  /** `websocket` (default) or `sse` (server-sent events, for proxies that break WebSockets). */
  transport?: LivebellTransport;
  /** Where the host app mounted livebell's router inside its own (`appRouter.livebell` → `"livebell"`). */
  routerKey?: string;
  /** A QueryClient to keep livebell's cache in; by default the provider makes its own. */
  queryClient?: QueryClient;
  /** A BCP 47 tag for texts, dates and times; by default the browser's language. English and German ship. */
  locale?: string;
  /** Texts to use instead of the shipped ones, all or some. */
  strings?: Partial<LivebellStrings>;
  /** `system` (default) follows `prefers-color-scheme`; `light` or `dark` fix the theme. */
  theme?: LivebellTheme;
  /** Called when the server refuses the token; sign the user out or refresh the token there. */
  onUnauthorized?: () => void;
  children: ReactNode;
}

/**
 * Connects the signed-in user's livebell inbox and keeps it live for every
 * livebell component and hook below it. Render one per signed-in user, keyed
 * by the user, so another user never sees the previous one's notifications;
 * `url`, `transport` and `routerKey` are read once, when it mounts.
 */
export function LivebellProvider({
  url,
  userId,
  getToken,
  transport = 'websocket',
  routerKey,
  queryClient,
  locale,
  strings,
  theme = 'system',
  onUnauthorized,
  children,
}: LivebellProviderProps) {
  const [callbacks] = useState(() => new HostCallbacks(getToken, onUnauthorized));
  useEffect(() => callbacks.update(getToken, onUnauthorized));
  const [client] = useState(() =>
    createLivebellClient({ url, transport, routerKey, getToken: () => callbacks.getToken() }),
  );
  const [ownQueryClient] = useState(() => queryClient ?? new QueryClient());
  useConnectionLifetime(client);

  const resolvedLocale = locale ?? browserLocale();
  const settings = useMemo(() => createSettings(resolvedLocale, strings, theme), [resolvedLocale, strings, theme]);
  const [handleUnauthorized] = useState(() => () => callbacks.onUnauthorized());

  return (
    <livebellTrpc.Provider client={client.trpc} queryClient={ownQueryClient}>
      <SettingsContext value={settings}>
        <InboxEngine
          queryClient={ownQueryClient}
          transport={transport}
          userId={userId}
          onUnauthorized={handleUnauthorized}
        >
          {children}
        </InboxEngine>
      </SettingsContext>
    </livebellTrpc.Provider>
  );
}

/**
 * Closes the connection when the provider unmounts for good. The close waits
 * a moment and a remount cancels it, so React's development double mount
 * (StrictMode) keeps the one connection instead of closing it.
 */
function useConnectionLifetime(client: LivebellClient): void {
  const pendingClose = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (pendingClose.current !== null) clearTimeout(pendingClose.current);
    pendingClose.current = null;
    return () => {
      pendingClose.current = setTimeout(() => client.close(), 0);
    };
  }, [client]);
}

/**
 * The host's latest callbacks. The connection, made once, calls them through
 * this holder, so a new `getToken` or `onUnauthorized` from a re-render is
 * used without reconnecting.
 */
class HostCallbacks {
  #getToken: GetToken;
  #onUnauthorized: (() => void) | undefined;

  constructor(getToken: GetToken, onUnauthorized: (() => void) | undefined) {
    this.#getToken = getToken;
    this.#onUnauthorized = onUnauthorized;
  }

  update(getToken: GetToken, onUnauthorized: (() => void) | undefined): void {
    this.#getToken = getToken;
    this.#onUnauthorized = onUnauthorized;
  }

  getToken(): ReturnType<GetToken> {
    return this.#getToken();
  }

  onUnauthorized(): void {
    this.#onUnauthorized?.();
  }
}
