import { useSyncExternalStore } from 'react';

// A few pages do not warrant a router library: the path is the state, the
// History API changes it, and `popstate` plus a local event report changes.
// A new page is one more entry here and one more case in `app.tsx`.
const PATHS = { home: '/', admin: '/admin', operations: '/operations' } as const;

export type Route = keyof typeof PATHS;
const CHANGE_EVENT = 'livebell:navigate';

export function pathOf(route: Route): string {
  return PATHS[route];
}

/** The page for the current path; an unknown path shows the home page. */
function currentRoute(): Route {
  const path = window.location.pathname.replace(/\/+$/, '') || '/';
  return (Object.keys(PATHS) as Route[]).find((route) => PATHS[route] === path) ?? 'home';
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
