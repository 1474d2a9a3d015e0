import { devSignInResultSchema, type DevSignInResult } from '@livebell/shared';
import { useEffect, useSyncExternalStore } from 'react';

/** Who is signed in: the dev sign-in's answer, token included. */
export type Session = DevSignInResult;

// localStorage is shared by every tab of one browser profile, and its
// `storage` event tells the other tabs, so signing in or out in one tab does
// the same in all of them.
const STORAGE_KEY = 'livebell.session';
const listeners = new Set<() => void>();

let cachedRaw: string | null = null;
let cachedSession: Session | null = null;

/** The stored session, or null when there is none, it is malformed, or its token has expired. */
export function readSession(): Session | null {
  const raw = localStorage.getItem(STORAGE_KEY);
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    cachedSession = parseSession(raw);
  }
  if (cachedSession !== null && Date.parse(cachedSession.expiresAt) <= Date.now()) return null;
  return cachedSession;
}

function parseSession(raw: string | null): Session | null {
  if (raw === null) return null;
  try {
    const parsed = devSignInResultSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function storeSession(session: Session): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  notify();
}

export function clearSession(): void {
  localStorage.removeItem(STORAGE_KEY);
  notify();
}

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY || event.key === null) onChange();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener('storage', onStorage);
  };
}

/** The current session, shared by every tab of this browser. */
export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, readSession);
}

/** Ends the session when its token expires, instead of waiting for the server to refuse it. */
export function useSignOutAtExpiry(session: Session): void {
  useEffect(() => {
    // setTimeout takes at most 2^31-1 ms (about 24.8 days).
    const delay = Math.min(Date.parse(session.expiresAt) - Date.now(), 2 ** 31 - 1);
    const timer = window.setTimeout(clearSession, Math.max(0, delay));
    return () => window.clearTimeout(timer);
  }, [session.expiresAt]);
}
