import { useSyncExternalStore } from 'react';

// Two pages do not warrant a router library: the path is the state, the
// History API changes it, and `popstate` plus a local event report changes.
export type Route = 'home' | 'admin';

const PATHS: Record<Route, string> = { home: '/', admin: '/admin' };
const CHANGE_EVENT = 'livebell:navigate';

export function pathOf(route: Route): string {
  return PATHS[route];
}

function currentRoute(): Route {
  return window.location.pathname.replace(/\/+$/, '') === PATHS.admin ? 'admin' : 'home';
}

export function navigate(route: Route): void {
  if (currentRoute() === route) return;
  window.history.pushState(null, '', PATHS[route]);
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

export function useRoute(): Route {
  return useSyncExternalStore((onChange) => {
    window.addEventListener('popstate', onChange);
    window.addEventListener(CHANGE_EVENT, onChange);
    return () => {
      window.removeEventListener('popstate', onChange);
      window.removeEventListener(CHANGE_EVENT, onChange);
    };
  }, currentRoute);
}
